package io.lifeboat.policy;

/** The shipped policy, compiled once per test JVM for the rule tests that run it on a pseudo clock. */
public final class ShippedPolicy {
    private static CompiledPolicy compiled;

    private ShippedPolicy() {
    }

    public static synchronized CompiledPolicy compiled() {
        if (compiled == null) {
            compiled = new PolicyCompiler().compile(PolicySources.shipped());
        }
        return compiled;
    }
}
