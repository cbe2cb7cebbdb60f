package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.lifeboat.reload.PolicyManager;

/** Compiling DRL off to the side: errors with file, line and rule; overrides by @id; metadata warnings. */
class PolicyCompilerTest {
    private static final String HEADER = "package io.lifeboat.rules;\nimport io.lifeboat.facts.*;\nimport io.lifeboat.actions.*;\n";
    private final PolicyCompiler compiler = new PolicyCompiler();

    @Test
    void syntaxError_isReportedWithFileLineAndRule() {
        String drl = HEADER + """
                rule "Broken"
                    @id("operator.broken") @description("x")
                when
                    Host( state == )
                then
                end
                """;
        PolicyCompilationException e = catchThrowableOfType(PolicyCompilationException.class,
                () -> compiler.compile(withShipped("operator/broken.drl", drl)));

        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("operator/broken.drl"));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.line()).as("Host( state == ) is line 7").isEqualTo(7);
            assertThat(p.rule()).isEqualTo("Broken");
        });
    }

    @Test
    void unknownFactField_isReportedAtItsRule() {
        String drl = HEADER + """
                rule "Uses a field facts do not have"
                    @id("operator.unknown-field") @description("x")
                when
                    Vm( colour == "red" )
                then
                end
                """;
        PolicyCompilationException e = catchThrowableOfType(PolicyCompilationException.class,
                () -> compiler.compile(withShipped("operator/field.drl", drl)));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("operator/field.drl");
            assertThat(p.line()).isBetween(4, 7);
            assertThat(p.rule()).isEqualTo("Uses a field facts do not have");
            assertThat(p.message()).contains("colour");
        });
    }

    @Test
    void consequenceThatDoesNotCompile_isReported() {
        String drl = HEADER + """
                rule "Bad consequence"
                    @id("operator.bad-consequence") @description("x")
                when
                    $h : Host()
                then
                    $h.explode();
                end
                """;
        PolicyCompilationException e = catchThrowableOfType(PolicyCompilationException.class,
                () -> compiler.compile(withShipped("operator/rhs.drl", drl)));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("operator/rhs.drl");
            assertThat(p.rule()).isEqualTo("Bad consequence");
            assertThat(p.message()).contains("explode");
        });
    }

    @Test
    void operatorRuleWithAShippedId_replacesTheShippedRule() {
        String drl = HEADER + """
                rule "Our own fencing order"
                    @id("failover.fence-unresponsive-host") @description("site rule")
                when
                    HostUnresponsive( $h : host )
                then
                end
                """;
        CompiledPolicy policy = compiler.compile(withShipped("operator/site.drl", drl));

        assertThat(policy.overridden()).containsExactly("failover.fence-unresponsive-host");
        assertThat(policy.rules()).filteredOn(r -> r.id().equals("failover.fence-unresponsive-host"))
                .singleElement().satisfies(r -> {
                    assertThat(r.file()).isEqualTo("operator/site.drl");
                    assertThat(r.name()).isEqualTo("Our own fencing order");
                });
    }

    @Test
    void operatorRuleWithTheIdOfASafetyRule_isRefused_andNamesTheSettingThatAllowsIt() {
        String drl = HEADER + """
                rule "Start VMs of silent hosts at once"
                    @id("failover.vm-blocked-not-fenced") @description("would start VMs before their host is off")
                when
                    HostUnresponsive( $h : host )
                then
                end
                """;

        assertThatThrownBy(() -> compiler.compile(withShipped("operator/unsafe.drl", drl)))
                .isInstanceOf(PolicyCompilationException.class)
                .satisfies(e -> assertThat(((PolicyCompilationException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo("operator/unsafe.drl");
                            assertThat(p.rule()).isEqualTo("Start VMs of silent hosts at once");
                            assertThat(p.message()).contains("safety rule", "lifeboat.policy.allow-safety-overrides");
                        }));
    }

    @Test
    void safetyRuleListedAsAnAllowedOverride_isReplaced() {
        String drl = HEADER + """
                rule "Our own suspension"
                    @id("failover.suspend-fencing") @description("site rule, allowed explicitly")
                when
                    HostUnresponsive( $h : host )
                then
                end
                """;

        CompiledPolicy policy = new PolicyCompiler(Set.of("failover.suspend-fencing"))
                .compile(withShipped("operator/site.drl", drl));

        assertThat(policy.overridden()).containsExactly("failover.suspend-fencing");
    }

    @Test
    void theShippedSafetyRules_coverFenceBeforeRestartSuspensionAndBlockedReasons() {
        CompiledPolicy policy = compiler.compile(PolicySources.shipped());

        assertThat(policy.rules()).filteredOn(r -> "true".equals(r.metadata().get("safety"))).extracting(RuleInfo::id)
                .contains("failover.vm-blocked-not-fenced", "failover.host-fenced", "recovery.failover-after-fence",
                        "failover.suspend-fencing", "failover.vm-blocked-fencing-suspended", "placement.silent-host",
                        "placement.vm-blocked-no-capacity", "recovery.destroy-second-copy");
    }

    @Test
    void ruleWithoutMetadataOrWithATakenId_isAWarningNotAnError() {
        String drl = HEADER + """
                rule "No metadata"
                when
                    Host()
                then
                end
                rule "Twin one"
                    @id("operator.twin") @description("a")
                when
                    Vm()
                then
                end
                rule "Twin two"
                    @id("operator.twin") @description("b")
                when
                    Vm()
                then
                end
                """;
        CompiledPolicy policy = compiler.compile(withShipped("operator/sloppy.drl", drl));

        assertThat(policy.warnings()).extracting(PolicyProblem::message)
                .anyMatch(m -> m.contains("needs @id"))
                .anyMatch(m -> m.contains("\"operator.twin\" is also used"));
    }

    @Test
    void shippedPolicy_compilesWithoutWarnings() {
        CompiledPolicy policy = compiler.compile(PolicySources.shipped());

        assertThat(policy.warnings()).as("every shipped rule has @id and @description, ids are unique").isEmpty();
        assertThat(policy.rules()).allSatisfy(r -> assertThat(r.file()).startsWith("rules/"));
    }

    @Test
    void emptyRuleFileName_cannotEscapeRulesDirectory() {
        assertThatThrownBy(() -> io.lifeboat.reload.PolicyManager.checkedName("../evil.drl"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(io.lifeboat.reload.PolicyManager.checkedName("site-1.drl")).isEqualTo("site-1.drl");
    }

    private static List<RuleSource> withShipped(String path, String drl) {
        List<RuleSource> sources = new ArrayList<>(PolicySources.shipped());
        sources.add(new RuleSource(path, drl));
        return sources;
    }
}
