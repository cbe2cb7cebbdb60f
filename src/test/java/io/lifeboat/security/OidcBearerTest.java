package io.lifeboat.security;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.api.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * OIDC bearer tokens, turned on as production would (Quarkus's test OIDC server stands in for the identity provider),
 * with the roles in a configured claim; the database users keep working next to them.
 */
@QuarkusTest
@TestProfile(OidcBearerTest.Oidc.class)
class OidcBearerTest {
    /** The issuer of the test server's tokens. */
    private static final String ISSUER = "https://server.example.com";

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "lifeboat",
                    "quarkus.oidc.roles.role-claim-path", "lifeboat/roles");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @Test
    void viewerToken_readsStatus_butIsForbiddenAnOperation() {
        bearer(token("alice", Roles.VIEWER)).get("/api/v1/status").then().statusCode(200);
        bearer(token("alice", Roles.VIEWER)).post("/api/v1/vms/db1/start").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void operatorToken_passesTheOperatorCheck_andReadsThroughTheImpliedViewerRole() {
        bearer(token("bob", Roles.OPERATOR)).get("/api/v1/status").then().statusCode(200);
        // No cluster in this profile: a 404 from the resource shows the role check let it through.
        bearer(token("bob", Roles.OPERATOR)).post("/api/v1/vms/db1/start").then().statusCode(404)
                .body("code", equalTo("NOT_MANAGING"));
    }

    @Test
    void noToken_is401_andABadToken_is401() {
        anonymous().get("/api/v1/status").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        bearer("not-a-token").get("/api/v1/status").then().statusCode(401);
        String forged = token("mallory", Roles.ADMIN);
        bearer(forged.substring(0, forged.lastIndexOf('.') + 1) + "c2lnbmF0dXJl").get("/api/v1/status").then()
                .statusCode(401);
    }

    @Test
    void rolesOutsideTheConfiguredClaim_countForNothing() {
        String groupsOnly = OidcWiremockTestResource.getAccessToken("carol", Set.of(Roles.VIEWER));

        bearer(groupsOnly).get("/api/v1/status").then().statusCode(403);
    }

    @Test
    void databaseUsersStillSignInWithBasic() {
        viewer().get("/api/v1/status").then().statusCode(200);
    }

    /** A token of the test server with {@code role} in the claim {@code lifeboat.roles}. */
    private static String token(String user, String role) {
        return Jwt.preferredUserName(user).claim("lifeboat", Map.of("roles", List.of(role))).issuer(ISSUER)
                .audience("https://service.example.com").jws().keyId("1").sign("privateKey.jwk");
    }

    private static RequestSpecification bearer(String token) {
        return anonymous().auth().oauth2(token);
    }
}
