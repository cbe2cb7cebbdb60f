package io.lifeboat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import io.lifeboat.facts.Finding;
import io.lifeboat.facts.Violation;

/**
 * One named change to the healthy baseline and the finding it must produce: code, severity (null for advice),
 * subject and the rule that finds it. {@link #check} also asserts that undoing the change retracts the finding.
 */
record FindingCase(String name, Consumer<ClusterFixture> change, String code, String severity, String subject,
                   String rule) {

    @Override
    public String toString() {
        return name;
    }

    void check(ClusterFixture cluster) {
        assertThat(cluster.findings()).as("the healthy baseline finds nothing").isEmpty();

        change.accept(cluster);
        assertThat(cluster.findings()).as("%s gives %s", name, code).anySatisfy(f -> {
            assertThat(f.getCode()).isEqualTo(code);
            assertThat(f.getSubject()).isEqualTo(subject);
            assertThat(f.getRuleId()).isEqualTo(rule);
            assertThat(f instanceof Violation v ? v.getSeverity().name() : null).isEqualTo(severity);
        });

        cluster.undo();
        assertThat(cluster.findings()).extracting(Finding::getCode).as("fixing it retracts %s", code)
                .doesNotContain(code);
    }
}
