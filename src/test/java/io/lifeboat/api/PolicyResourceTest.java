package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static io.lifeboat.testing.ApiUsers.policyAdmin;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Policy authors over HTTP: validate, reload (good and broken), upload as policy-admin, override by @id. */
@QuarkusTest
@TestProfile(PolicyAuthorProfile.class)
class PolicyResourceTest {
    private static final Path DIR = Path.of(PolicyAuthorProfile.RULES_DIR);
    private static final String HEADER = "package io.lifeboat.rules;\nimport io.lifeboat.facts.*;\nimport io.lifeboat.actions.*;\n";
    private static final String GOOD = HEADER + """
            rule "Advise when a host is in maintenance"
                @id("site.maintenance-note") @description("site rule")
            when
                Host( state == HostState.MAINTENANCE, $h : name )
            then
                insertLogical( new Advice( "SITE_NOTE", "host/" + $h, "in maintenance" ) );
            end
            """;
    private static final String BROKEN = HEADER + """
            rule "Broken"
                @id("site.broken") @description("x")
            when
                Host( state == )
            then
            end
            """;

    @BeforeEach
    void emptyRulesDirectory() throws IOException {
        Files.createDirectories(DIR);
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        policyAdmin().post("/api/v1/policies/reload").then().statusCode(200);
    }

    @Test
    void validateBrokenDrl_reportsFileLineAndRuleAndLoadsNothing() {
        long version = version();

        policyAdmin().contentType(ContentType.TEXT).body(BROKEN).queryParam("name", "mine.drl")
                .when().post("/api/v1/policies/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors[0].file", equalTo("operator/mine.drl"))
                .body("errors[0].line", equalTo(7))
                .body("errors[0].rule", equalTo("Broken"));

        assertThat(version()).as("validation never loads").isEqualTo(version);
    }

    @Test
    void validateFilesAsJson_goodIsValidAndAMissingDrlNamesItsField() {
        policyAdmin().contentType(ContentType.JSON).body(Map.of("files", List.of(Map.of("name", "good.drl", "drl", GOOD))))
                .when().post("/api/v1/policies/validate").then().statusCode(200)
                .body("valid", equalTo(true));
        policyAdmin().contentType(ContentType.JSON).body(Map.of("files", List.of(Map.of("name", "good.drl"))))
                .when().post("/api/v1/policies/validate").then().statusCode(400)
                .body("code", equalTo("NO_DRL")).body("field", equalTo("/files/0/drl"));
        policyAdmin().contentType(ContentType.TEXT).body(GOOD).queryParam("name", "../escape.drl")
                .when().post("/api/v1/policies/validate").then().statusCode(400)
                .body("code", equalTo("BAD_FILE_NAME")).body("field", equalTo("name"));
    }

    @Test
    void reloadWithBrokenFileOnDisk_is422AndTheLivePolicyAndItsFactsStay() throws IOException {
        JsonPath before = status();
        long version = version();
        Files.writeString(DIR.resolve("broken.drl"), BROKEN);

        policyAdmin().post("/api/v1/policies/reload").then().statusCode(422)
                .body("applied", equalTo(false))
                .body("report.errors[0].file", equalTo("operator/broken.drl"))
                .body("report.errors[0].line", equalTo(7));

        JsonPath after = status();
        assertThat(version()).isEqualTo(version);
        assertThat(after.getInt("policy.rules")).isEqualTo(before.getInt("policy.rules"));
        assertThat(after.getBoolean("policy.lastReload.applied")).isFalse();
        assertThat(after.getList("hosts.name")).isEqualTo(before.getList("hosts.name"));
        assertThat(after.getList("recentActions.type")).as("the refusal is journalled").contains("POLICY_RELOAD");
    }

    @Test
    void reloadWithGoodFileOnDisk_newRuleIsLiveAndFactsAreKept() throws IOException {
        JsonPath before = status();
        long version = version();
        Files.writeString(DIR.resolve("site.drl"), GOOD);

        policyAdmin().post("/api/v1/policies/reload").then().statusCode(200).body("applied", equalTo(true));

        assertThat(version()).isEqualTo(version + 1);
        viewer().get("/api/v1/policies").then().body("rules.id", hasItem("site.maintenance-note"));
        JsonPath after = status();
        assertThat(after.getList("vms")).as("the session kept its facts").isEqualTo(before.getList("vms"));
        assertThat(after.getList("hosts")).isEqualTo(before.getList("hosts"));
    }

    @Test
    void rulesThatCompileButFailOnTheLiveFacts_areRefusedAndTheLoopGoesOn() throws IOException {
        long version = version();
        Files.writeString(DIR.resolve("throws.drl"), HEADER + """
                rule "Fails on every host"
                    @id("site.throws") @description("a consequence that throws")
                when
                    Host( $h : name )
                then
                    throw new IllegalStateException( "no " + $h );
                end
                """);

        policyAdmin().post("/api/v1/policies/reload").then().statusCode(422)
                .body("applied", equalTo(false))
                .body("report.errors[0].message", org.hamcrest.Matchers.containsString("taking over the live session"));

        assertThat(version()).isEqualTo(version);
        assertThat(status().getList("hosts.name")).as("the live loop still answers").hasSize(3);
        viewer().get("/api/v1/policies").then().body("rules.id", not(hasItem("site.throws")));
    }

    @Test
    void rulesThatNeverSettleOnTheLiveFacts_areRefusedNamingTheRule_andTheLoopGoesOn() throws IOException {
        long version = version();
        Files.writeString(DIR.resolve("loops.drl"), HEADER + """
                declare Counter
                    value : int
                end
                rule "Count forever"
                    @id("site.count-forever") @description("re-triggers itself")
                when
                    Host( $h : name )
                    not Counter()
                then
                    insert( new Counter( 0 ) );
                end
                rule "Count on"
                    @id("site.count-on") @description("never settles")
                when
                    $c : Counter( value >= 0 )
                then
                    modify( $c ) { setValue( $c.getValue() + 1 ) };
                end
                """);

        policyAdmin().post("/api/v1/policies/reload").then().statusCode(422)
                .body("applied", equalTo(false))
                .body("report.errors[0].message", org.hamcrest.Matchers.containsString("did not settle"))
                .body("report.errors[0].message", org.hamcrest.Matchers.containsString("site.count-on"));

        assertThat(version()).isEqualTo(version);
        assertThat(status().getList("hosts.name")).as("the live loop still answers").hasSize(3);
        assertThat(status().getString("policy.unsettled")).as("the live rules settle").isNull();
    }

    @Test
    void uploadThatReplacesAShippedSafetyRule_isRefusedAndNeverWritten() {
        String unsafe = HEADER + """
                rule "Start VMs of silent hosts"
                    @id("failover.vm-blocked-not-fenced") @description("would drop a safety rule")
                when
                    HostUnresponsive( $h : host )
                then
                end
                """;

        policyAdmin().contentType(ContentType.TEXT).body(unsafe)
                .when().put("/api/v1/policies/files/unsafe.drl").then().statusCode(422)
                .body("applied", equalTo(false))
                .body("report.errors[0].file", equalTo("operator/unsafe.drl"))
                .body("report.errors[0].message",
                        org.hamcrest.Matchers.containsString("lifeboat.policy.allow-safety-overrides"));
        assertThat(DIR.resolve("unsafe.drl")).doesNotExist();
        viewer().get("/api/v1/policies").then().body("overrides", not(hasItem("failover.vm-blocked-not-fenced")));
    }

    @Test
    void uploadWithoutCredentials_is401AndWithoutTheRole_is403() {
        anonymous().contentType(ContentType.TEXT).body(GOOD).when().put("/api/v1/policies/files/site.drl")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        viewer().contentType(ContentType.TEXT).body(GOOD)
                .when().put("/api/v1/policies/files/site.drl").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        // The user exists (policyAdmin() made sure of it); only its password is wrong.
        policyAdmin().auth().preemptive().basic(Roles.POLICY_ADMIN, "wrong").contentType(ContentType.TEXT).body(GOOD)
                .when().put("/api/v1/policies/files/site.drl").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));

        assertThat(DIR.resolve("site.drl")).doesNotExist();
    }

    @Test
    void uploadAsPolicyAdmin_goodIsWrittenAndLive_brokenIsNeverWritten() {
        policyAdmin().contentType(ContentType.TEXT).body(GOOD)
                .when().put("/api/v1/policies/files/site.drl").then().statusCode(200).body("applied", equalTo(true));
        assertThat(DIR.resolve("site.drl")).exists();
        viewer().get("/api/v1/policies").then().body("rules.id", hasItem("site.maintenance-note"));

        policyAdmin().contentType(ContentType.TEXT).body(BROKEN)
                .when().put("/api/v1/policies/files/other.drl").then().statusCode(422)
                .body("report.errors[0].file", equalTo("operator/other.drl"));
        assertThat(DIR.resolve("other.drl")).doesNotExist();

        policyAdmin().when().delete("/api/v1/policies/files/site.drl")
                .then().statusCode(200);
        viewer().get("/api/v1/policies").then().body("rules.id", not(hasItem("site.maintenance-note")));
    }

    @Test
    void operatorRuleWithAShippedId_overridesIt() throws IOException {
        Files.writeString(DIR.resolve("override.drl"), HEADER + """
                rule "Site placement note"
                    @id("recovery.start-requested") @description("site version of the start request rule")
                when
                    VmStartRequested( $n : vm )
                then
                end
                """);

        policyAdmin().post("/api/v1/policies/reload").then().statusCode(200)
                .body("report.overrides", hasItem("recovery.start-requested"));
        viewer().get("/api/v1/policies").then()
                .body("rules.find { it.id == 'recovery.start-requested' }.file", equalTo("operator/override.drl"));
    }

    private static long version() {
        return viewer().get("/api/v1/policies").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static JsonPath status() {
        return viewer().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }
}
