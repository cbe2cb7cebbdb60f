package io.lifeboat.facts;

/**
 * Stated by the defragmentation or the preemption rule: running VMs are being moved off {@code host}, or stopped there,
 * so that {@code vm}, blocked for lack of room, fits there. One plan per need: it stands until the VM no longer needs
 * a host.
 */
public record RoomBeingMade(String vm, String host) {
}
