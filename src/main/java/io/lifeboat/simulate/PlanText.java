package io.lifeboat.simulate;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * A plan as lines a person reads and a golden file keeps: one line per action, then each VM's and host's final
 * state, then the violations and advice. Only what is stable goes in (no free-text messages of findings).
 */
public final class PlanText {
    private PlanText() {
    }

    public static String render(Plan plan) {
        StringJoiner out = new StringJoiner("\n", "", "\n");
        out.add("# actions");
        for (Plan.PlannedAction a : plan.actions()) {
            out.add(String.format(Locale.ROOT, "%7.1f  %s -> %s  [%s]", a.at(), describe(a), a.outcome(), a.rule()));
        }
        out.add("# vms");
        for (Plan.VmResult vm : plan.vms()) {
            out.add(vm.name() + " " + vm.state() + (vm.host() == null ? "" : " on " + vm.host())
                    + (vm.reason() == null ? "" : " " + vm.reason().code()));
        }
        out.add("# hosts");
        for (Plan.HostResult host : plan.hosts()) {
            out.add(host.name() + " " + host.state() + " memoryUsedMiB=" + host.memoryUsedMiB()
                    + " vcpusUsed=" + host.vcpusUsed());
        }
        out.add("# violations");
        plan.violations().forEach(v -> out.add(v.severity() + " " + v.code() + " " + v.subject() + "  [" + v.rule() + "]"));
        out.add("# advice");
        plan.advice().forEach(a -> out.add(a.code() + " " + a.subject() + "  [" + a.rule() + "]"));
        return out.toString();
    }

    private static String describe(Plan.PlannedAction a) {
        return switch (a.type()) {
            case "FENCE_HOST" -> "Fence (off) " + a.host() + " level " + a.level() + " " + a.agent()
                    + (a.attempt() != null && a.attempt() > 1 ? " (attempt " + a.attempt() + ")" : "");
            case "START_VM" -> "Start " + a.vm() + " on " + a.host();
            case "MIGRATE_VM" -> "Migrate " + a.vm() + " to " + a.host();
            case "STOP_VM" -> "Stop " + a.vm() + " on " + a.host();
            case "ALERT" -> "Alert " + a.code() + " " + a.subject();
            default -> a.type() + " " + a.subject();
        };
    }
}
