package io.lifeboat.actions;

import java.util.ArrayList;
import java.util.List;

/** A journal kept in memory, in order: for simulations (nothing is carried out for real) and tests. */
public class InMemoryJournal implements Journal {

    /** One line of the journal: the action, and its outcome once known. */
    public record Entry(Action action, ActionOutcome outcome) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized void recordIntent(Action action) {
        if (entries.stream().anyMatch(e -> e.action().getKey().equals(action.getKey()))) {
            throw new IllegalStateException("action " + action.getKey() + " was journalled already");
        }
        entries.add(new Entry(action, null));
    }

    @Override
    public synchronized void recordOutcome(Action action, ActionOutcome outcome) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).action().getKey().equals(action.getKey())) {
                entries.set(i, new Entry(action, outcome));
                return;
            }
        }
        throw new IllegalStateException("no journal entry for " + action.getKey());
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
