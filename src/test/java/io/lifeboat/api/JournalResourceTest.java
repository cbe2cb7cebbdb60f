package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.lifeboat.actions.ActionStatus;
import io.lifeboat.store.JournalEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /api/v1/journal over twelve entries written an hour apart by one actor: entry i is a FENCE_HOST by a rule when
 * i is a multiple of 3 (else an OPERATION), about host/h1 when i is even (else vm/db1), FAILED when i is a multiple of 4.
 */
@QuarkusTest
class JournalResourceTest {
    private static final String ACTOR = "journal-tester";
    private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    @BeforeEach
    void twelveEntries() {
        viewer(); // the test user exists before the entries, so that its creation is not the newest entry
        QuarkusTransaction.requiringNew().run(() -> {
            JournalEntry.delete("actor", ACTOR);
            for (int i = 0; i < 12; i++) {
                JournalEntry entry = new JournalEntry();
                entry.actionKey = "journal-test/" + i;
                entry.type = i % 3 == 0 ? "FENCE_HOST" : "OPERATION";
                entry.subject = i % 2 == 0 ? "host/h1" : "vm/db1";
                entry.actor = ACTOR;
                entry.ruleId = i % 3 == 0 ? "failover.fence-unresponsive-host" : "";
                entry.reason = "entry " + i;
                entry.explanation = "{}";
                entry.status = i % 4 == 0 ? ActionStatus.FAILED : ActionStatus.SUCCEEDED;
                entry.recordedAt = START.plus(Duration.ofHours(i));
                entry.completedAt = entry.recordedAt;
                entry.persist();
            }
        });
    }

    @Test
    void pages_newestFirst_withTheTotalOfAllMatches() {
        JsonPath first = journal(Map.of("user", ACTOR, "size", "5"));
        JsonPath last = journal(Map.of("user", ACTOR, "size", "5", "page", "2"));

        assertThat(first.getLong("total")).isEqualTo(12);
        assertThat(first.getInt("size")).isEqualTo(5);
        assertThat(keys(first)).containsExactly(11, 10, 9, 8, 7);
        assertThat(last.getInt("page")).isEqualTo(2);
        assertThat(keys(last)).containsExactly(1, 0);
        assertThat(first.getString("entries[0].actor")).isEqualTo(ACTOR);
        assertThat(first.getString("entries[0].recordedAt")).isEqualTo("2020-01-01T11:00:00Z");
    }

    @Test
    void withoutFilters_everyEntryNewestFirst_fiftyToAPage() {
        JsonPath all = journal(Map.of());

        assertThat(all.getLong("total")).isGreaterThanOrEqualTo(12);
        assertThat(all.getInt("size")).isEqualTo(50);
        List<String> keys = all.getList("entries.key", String.class);
        assertThat(keys.subList(0, 12)).as("the newest written are first")
                .isEqualTo(List.of(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0).stream().map(i -> "journal-test/" + i).toList());
    }

    @Test
    void filters_bySubjectTypeRuleOutcomeAndTime_combine() {
        assertThat(keys(journal(Map.of("user", ACTOR, "subject", "host/h1")))).containsExactly(10, 8, 6, 4, 2, 0);
        assertThat(keys(journal(Map.of("user", ACTOR, "type", "FENCE_HOST")))).containsExactly(9, 6, 3, 0);
        assertThat(keys(journal(Map.of("rule", "failover.fence-unresponsive-host", "user", ACTOR))))
                .containsExactly(9, 6, 3, 0);
        assertThat(keys(journal(Map.of("user", ACTOR, "outcome", "failed")))).containsExactly(8, 4, 0);
        assertThat(keys(journal(Map.of("user", ACTOR, "from", "2020-01-01T03:00:00Z", "to", "2020-01-01T06:00:00Z"))))
                .as("from inclusive, to exclusive").containsExactly(5, 4, 3);
        JsonPath combined = journal(Map.of("user", ACTOR, "type", "OPERATION", "outcome", "FAILED"));
        assertThat(keys(combined)).containsExactly(8, 4);
        assertThat(combined.getLong("total")).isEqualTo(2);
        assertThat(journal(Map.of("user", "nobody")).getLong("total")).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "page, -1", "page, first", "size, 0", "size, 501", "size, many",
            "outcome, MAYBE", "from, yesterday", "to, 2020-13-01T00:00:00Z"})
    void badParameter_is400NamingIt(String parameter, String value) {
        viewer().queryParam(parameter, value).get("/api/v1/journal").then().statusCode(400)
                .body("code", equalTo("BAD_PARAMETER")).body("field", equalTo(parameter));
    }

    @Test
    void toBeforeFrom_is400NamingTo() {
        viewer().queryParam("from", "2020-01-02T00:00:00Z").queryParam("to", "2020-01-01T00:00:00Z")
                .get("/api/v1/journal").then().statusCode(400).body("field", equalTo("to"));
    }

    private static JsonPath journal(Map<String, String> parameters) {
        return viewer().queryParams(parameters).get("/api/v1/journal").then().statusCode(200).extract().jsonPath();
    }

    private static List<Integer> keys(JsonPath page) {
        return page.getList("entries.key", String.class).stream()
                .map(key -> Integer.valueOf(key.substring("journal-test/".length()))).toList();
    }
}
