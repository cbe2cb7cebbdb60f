package io.lifeboat.facts;

/** A host that may not take a VM that needs placing, and why (derived logically by the eligibility rules). */
public record Ineligible(String vm, String host, String reason) {
}
