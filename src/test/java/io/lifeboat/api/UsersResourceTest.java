package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.admin;
import static io.lifeboat.testing.ApiUsers.anonymous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Users over REST (role admin): the whole life of a user, each refusal with its field, and the journal of it. */
@QuarkusTest
class UsersResourceTest {

    @Test
    void addSignInChangeAndRemove_eachStepJournalledWithTheAdmin_andNoPasswordEverComesBack() {
        String created = admin().contentType(ContentType.JSON)
                .body(Map.of("name", "grace", "password", "grace-password-1", "roles", List.of("viewer")))
                .post("/api/v1/users").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/users/grace"))
                .body("name", equalTo("grace")).body("roles", containsInAnyOrder("viewer"))
                .extract().asString();
        as("grace", "grace-password-1").get("/api/v1/status").then().statusCode(200);
        as("grace", "grace-password-1").post("/api/v1/vms/db1/start").then().statusCode(403);

        admin().contentType(ContentType.JSON).body(Map.of("roles", List.of("operator")))
                .put("/api/v1/users/grace").then().statusCode(200).body("roles", containsInAnyOrder("operator"));
        as("grace", "grace-password-1").post("/api/v1/vms/db1/start").then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("password", "grace-password-2"))
                .put("/api/v1/users/grace").then().statusCode(200);
        as("grace", "grace-password-1").get("/api/v1/status").then().statusCode(401);
        as("grace", "grace-password-2").get("/api/v1/status").then().statusCode(200);
        String listed = admin().get("/api/v1/users").then().statusCode(200)
                .body("find { it.name == 'grace' }.roles", containsInAnyOrder("operator"))
                .body("find { it.name == 'admin' }.roles",
                        containsInAnyOrder("viewer", "agent", "operator", "policy-admin", "admin"))
                .extract().asString();

        admin().delete("/api/v1/users/grace").then().statusCode(204);
        as("grace", "grace-password-2").get("/api/v1/status").then().statusCode(401);
        admin().get("/api/v1/users").then().body("name", not(hasItem("grace")));

        assertThat(created + listed).doesNotContain("grace-password").doesNotContain("$2a$").doesNotContainIgnoringCase("hash");
        JsonPath journal = admin().queryParam("subject", "user/grace").get("/api/v1/journal").then().statusCode(200)
                .extract().jsonPath();
        assertThat(journal.getList("entries.reason", String.class)).containsExactly("removed", "password changed",
                "roles now [operator]", "added with roles [viewer]");
        assertThat(journal.getList("entries.actor", String.class)).containsOnly("admin");
        assertThat(journal.getList("entries.type", String.class)).containsOnly("USER_CHANGE");
        assertThat(journal.prettify()).doesNotContain("grace-password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            name with a space   | {"name":"a b","password":"long-enough","roles":["viewer"]}        | /name
            no name             | {"password":"long-enough","roles":["viewer"]}                     | /name
            short password      | {"name":"heidi","password":"short","roles":["viewer"]}            | /password
            no password         | {"name":"heidi","roles":["viewer"]}                               | /password
            unknown role        | {"name":"heidi","password":"long-enough","roles":["viewer","god"]} | /roles/1
            no role             | {"name":"heidi","password":"long-enough","roles":[]}              | /roles
            """)
    void badNewUser_is400NamingTheField(String situation, String body, String field) {
        admin().contentType(ContentType.JSON).body(body).post("/api/v1/users").then().statusCode(400)
                .body("code", equalTo("INVALID_USER")).body("field", equalTo(field));
        admin().get("/api/v1/users").then().body("name", not(hasItem("heidi")));
    }

    @Test
    void noBody_andNotJson_are400Envelopes() {
        admin().contentType(ContentType.JSON).post("/api/v1/users").then().statusCode(400)
                .body("code", equalTo("INVALID_USER"));
        admin().contentType(ContentType.JSON).body("{\"name\":").post("/api/v1/users").then().statusCode(400)
                .body("code", equalTo("BAD_REQUEST"));
    }

    @Test
    void existingName_is409AndTheUserIsUnchanged() {
        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "ivan", "password", "ivan-password", "roles", List.of("viewer")))
                .post("/api/v1/users").then().statusCode(201);

        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "ivan", "password", "other-password", "roles", List.of("admin")))
                .post("/api/v1/users").then().statusCode(409).body("code", equalTo("USER_EXISTS"))
                .body("field", equalTo("/name"));

        as("ivan", "ivan-password").get("/api/v1/status").then().statusCode(200);
        as("ivan", "ivan-password").get("/api/v1/users").then().statusCode(403);
    }

    @Test
    void changeRefusals_unknownUserNothingToChangeAndBadValues() {
        admin().contentType(ContentType.JSON).body(Map.of("password", "long-enough"))
                .put("/api/v1/users/nobody").then().statusCode(404).body("code", equalTo("UNKNOWN_USER"));
        admin().delete("/api/v1/users/nobody").then().statusCode(404).body("code", equalTo("UNKNOWN_USER"));
        admin().contentType(ContentType.JSON).body("{}").put("/api/v1/users/admin").then().statusCode(400)
                .body("code", equalTo("NOTHING_TO_CHANGE"));
        admin().contentType(ContentType.JSON).body(Map.of("password", "short")).put("/api/v1/users/admin").then()
                .statusCode(400).body("field", equalTo("/password"));
        admin().contentType(ContentType.JSON).body(Map.of("roles", List.of("root"))).put("/api/v1/users/admin").then()
                .statusCode(400).body("field", equalTo("/roles/0"));
    }

    @Test
    void theLastAdmin_cannotBeRemovedNorLoseTheRole_butOneOfTwoCan() {
        admin().delete("/api/v1/users/admin").then().statusCode(409).body("code", equalTo("LAST_ADMIN"));
        admin().contentType(ContentType.JSON).body(Map.of("roles", List.of("viewer")))
                .put("/api/v1/users/admin").then().statusCode(409).body("code", equalTo("LAST_ADMIN"));

        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "judy", "password", "judy-password", "roles", List.of("admin")))
                .post("/api/v1/users").then().statusCode(201);
        as("judy", "judy-password").get("/api/v1/users").then().statusCode(200)
                .body("find { it.name == 'admin' }.roles", hasItem("admin"));
        as("judy", "judy-password").contentType(ContentType.JSON).body(Map.of("roles", List.of("operator")))
                .put("/api/v1/users/judy").then().statusCode(200);
        as("judy", "judy-password").get("/api/v1/users").then().statusCode(403);

        admin().get("/api/v1/users").then().body("find { it.name == 'admin' }.roles", hasItem("admin"));
        admin().delete("/api/v1/users/judy").then().statusCode(204);
    }

    @Test
    void theBootstrapAdmin_hasEveryRole_andItsCreationIsJournalledByLifeboat() {
        admin().get("/api/v1/users").then()
                .body("find { it.name == 'admin' }.roles",
                        containsInAnyOrder("viewer", "agent", "operator", "policy-admin", "admin"));

        admin().queryParam("subject", "user/admin").get("/api/v1/journal").then().statusCode(200)
                .body("entries.find { it.reason.startsWith('created at first start') }.actor", equalTo("lifeboat"));
    }

    @Test
    void withoutCredentials_theUsersCannotBeListed() {
        anonymous().get("/api/v1/users").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
    }

    private static RequestSpecification as(String user, String password) {
        return anonymous().auth().preemptive().basic(user, password);
    }
}
