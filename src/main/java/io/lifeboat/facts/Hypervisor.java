package io.lifeboat.facts;

public enum Hypervisor { KVM, XEN }
