package io.lifeboat.actions;

/**
 * An action a stop of Lifeboat cut short (journalled, never finished): its type ({@code START_VM}, ...) and subject
 * ({@code vm/db1}). The live journal gives them at startup; simulate's {@code LIFEBOAT_RESTART} gives the same.
 */
public record InterruptedAction(String type, String subject) {
}
