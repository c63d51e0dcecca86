/** A runner that only records what it was asked to run (the use cases start it and do not wait). */
export function fakeRunner() {
  const runs: number[] = [];
  const cards: number[] = [];
  return {
    runs,
    cards,
    run: async (id: number): Promise<undefined> => {
      runs.push(id);
      return undefined;
    },
    updateCard: async (id: number): Promise<void> => {
      cards.push(id);
    },
  };
}
