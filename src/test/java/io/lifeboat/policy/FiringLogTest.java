package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Ineligible;
import io.lifeboat.facts.Vm;

/**
 * Which subjects a firing concerns, and the facts an action's explanation names: a rule that gathers facts concerns
 * the VMs among them, not every host it weighed, and every action of one firing names the same matched facts.
 */
class FiringLogTest {
    private static final String GATHERS = """
            package io.lifeboat.rules;
            import io.lifeboat.facts.*;
            import io.lifeboat.actions.*;
            import java.util.List;
            rule "Gather"
                @id("operator.gather") @description("weighs every host and exclusion, alerts once per VM")
            when
                $vm : Vm( name == "db1" )
                $hosts : List( size == 2 ) from collect( Host() )
                $excluded : List( size == 1 ) from collect( Ineligible() )
            then
                insert( new Alert( "vm/db1", "GATHERED", "one" ) );
                insert( new Alert( "vm/db1", "GATHERED", "two" ) );
            end
            rule "Each"
                @id("operator.each") @description("one alert per VM named web")
            when
                Vm( $n : name, name str[startsWith] "web" )
            then
                insert( new Alert( "vm/" + $n, "EACH", "for " + $n ) );
            end
            """;

    @Test
    void aGatheringFiringConcernsItsVmsAndItsActionsNameTheMatchedFacts() {
        CompiledPolicy policy = new PolicyCompiler().compile(List.of(new RuleSource("operator/gather.drl", GATHERS)));
        try (PolicySession session = new PolicySession(policy, new ManualClock(Instant.EPOCH), "t")) {
            session.insert(Host.builder("h1").build());
            session.insert(Host.builder("h2").build());
            session.insert(Vm.builder("db1").runningOn("h1").build());
            session.insert(new Ineligible("web1", "h2", "anti-affinity"));

            List<Action> actions = session.fire();

            assertThat(session.firingsOf("vm/db1")).extracting(FiringLog.Firing::ruleId)
                    .containsExactly("operator.gather");
            assertThat(session.firingsOf("vm/web1")).as("a VM named by a gathered exclusion")
                    .extracting(FiringLog.Firing::ruleId).containsExactly("operator.gather");
            assertThat(session.firingsOf("host/h1")).as("hosts weighed in a gathered list are not its subjects")
                    .isEmpty();
            assertThat(session.firingsOf("host/h2")).isEmpty();
            assertThat(actions).hasSize(2).allSatisfy(action -> {
                assertThat(action.getExplanation().ruleId()).isEqualTo("operator.gather");
                assertThat(action.getExplanation().matchedFacts()).hasSize(3)
                        .anyMatch(fact -> fact.contains("db1")).anyMatch(fact -> fact.contains("anti-affinity"));
            });
        }
    }

    @Test
    void eachFiringDescribesItsOwnMatch() {
        CompiledPolicy policy = new PolicyCompiler().compile(List.of(new RuleSource("operator/gather.drl", GATHERS)));
        try (PolicySession session = new PolicySession(policy, new ManualClock(Instant.EPOCH), "t")) {
            session.insert(Vm.builder("web1").runningOn("h1").build());
            session.insert(Vm.builder("web2").runningOn("h1").build());

            List<Action> actions = session.fire();

            assertThat(actions).hasSize(2).allSatisfy(action -> assertThat(action.getExplanation().matchedFacts())
                    .as("the explanation of %s names its own VM, not the one of an earlier firing", action.getVm())
                    .singleElement().asString().contains(action.getVm()));
        }
    }
}
