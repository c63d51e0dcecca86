-- The last status told in the release's thread: a reply lost to a crash or a Slack outage is told later, in order.
ALTER TABLE releases ADD COLUMN reported_status TEXT;
