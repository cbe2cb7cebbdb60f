package io.lifeboat.facts;

/** A silent host that cannot be fenced (no device, or every level failed): its VMs must not start elsewhere. */
public record FencingBlocked(String host, String reason) {
}
