package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.lifeboat.testing.ApiUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint against every caller: 401 without credentials, 403 for a user without the role, through for one
 * with it (operator, policy-admin and admin also read). The table must list exactly the operations of the OpenAPI
 * document, so an endpoint added without a row here fails this test.
 *
 * <p>Runs with no cluster and the demo off: the requests that get through are refused by the resource (404, 409,
 * 400) or only read, so the table changes nothing.
 */
@QuarkusTest
class EndpointSecurityTest {

    /** One operation; {@code path} is the template of the OpenAPI document, {@code request} a harmless instance. */
    record Endpoint(String method, String path, String request, String contentType, String body, String role) {
        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " (" + contentType + ")") + " needs " + role;
        }
    }

    private record Caller(String name, Supplier<RequestSpecification> request, Set<String> roles) {
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                get("/api/v1/status", Roles.VIEWER),
                get("/api/v1/clusters", Roles.VIEWER),
                new Endpoint("DELETE", "/api/v1/clusters/{cluster}", "/api/v1/clusters/nope", null, null,
                        Roles.OPERATOR),
                new Endpoint("GET", "/api/v1/events", "/api/v1/events?seconds=1", null, null, Roles.VIEWER),
                get("/api/v1/session", Roles.VIEWER),
                post("/api/v1/session/logout", null, null, Roles.VIEWER),
                get("/api/v1/violations", Roles.VIEWER),
                new Endpoint("GET", "/api/v1/explain/vm/{name}", "/api/v1/explain/vm/nope", null, null, Roles.VIEWER),
                new Endpoint("GET", "/api/v1/explain/host/{name}", "/api/v1/explain/host/nope", null, null, Roles.VIEWER),
                get("/api/v1/journal", Roles.VIEWER),
                post("/api/v1/simulate", "application/json", "{}", Roles.VIEWER),
                post("/api/v1/simulate", "application/yaml", "cluster: {}", Roles.VIEWER),
                get("/api/v1/policies", Roles.VIEWER),
                new Endpoint("POST", "/api/v1/policies/validate", "/api/v1/policies/validate?name=../x.drl",
                        "text/plain", "rule", Roles.POLICY_ADMIN),
                post("/api/v1/policies/validate", "application/json", "{\"files\":[]}", Roles.POLICY_ADMIN),
                post("/api/v1/policies/reload", null, null, Roles.POLICY_ADMIN),
                new Endpoint("PUT", "/api/v1/policies/files/{name}", "/api/v1/policies/files/x.drl", "text/plain",
                        "rule", Roles.POLICY_ADMIN),
                new Endpoint("DELETE", "/api/v1/policies/files/{name}", "/api/v1/policies/files/x.drl", null, null,
                        Roles.POLICY_ADMIN),
                new Endpoint("POST", "/api/v1/vms/{name}/start", "/api/v1/vms/nope/start", null, null, Roles.OPERATOR),
                new Endpoint("POST", "/api/v1/hosts/{name}/maintenance", "/api/v1/hosts/nope/maintenance", null, null,
                        Roles.OPERATOR),
                new Endpoint("DELETE", "/api/v1/hosts/{name}/maintenance", "/api/v1/hosts/nope/maintenance", null, null,
                        Roles.OPERATOR),
                get("/api/v1/demo/hosts", Roles.VIEWER),
                new Endpoint("POST", "/api/v1/demo/hosts/{host}/fail", "/api/v1/demo/hosts/nope/fail", null, null,
                        Roles.OPERATOR),
                new Endpoint("POST", "/api/v1/demo/hosts/{host}/power-on", "/api/v1/demo/hosts/nope/power-on", null,
                        null, Roles.OPERATOR),
                get("/api/v1/users", Roles.ADMIN),
                post("/api/v1/users", "application/json", "{}", Roles.ADMIN),
                new Endpoint("PUT", "/api/v1/users/{name}", "/api/v1/users/nobody", "application/json", "{}",
                        Roles.ADMIN),
                new Endpoint("DELETE", "/api/v1/users/{name}", "/api/v1/users/nobody", null, null, Roles.ADMIN),
                get("/api/v1/cluster", Roles.VIEWER),
                put("/api/v1/cluster", "application/json", "{}", Roles.OPERATOR),
                put("/api/v1/cluster", "application/yaml", "cluster: {}", Roles.OPERATOR),
                get("/api/v1/cluster/settings", Roles.VIEWER),
                put("/api/v1/cluster/settings", "application/json", "{}", Roles.OPERATOR),
                post("/api/v1/cluster/what-if", "application/json", "{}", Roles.VIEWER),
                post("/api/v1/cluster/what-if", "application/yaml", "other: 1", Roles.VIEWER),
                get("/api/v1/hosts", Roles.VIEWER),
                post("/api/v1/hosts", "application/json", "{}", Roles.OPERATOR),
                new Endpoint("GET", "/api/v1/hosts/{name}", "/api/v1/hosts/nope", null, null, Roles.VIEWER),
                new Endpoint("PUT", "/api/v1/hosts/{name}", "/api/v1/hosts/nope", "application/json", "{}", Roles.OPERATOR),
                new Endpoint("DELETE", "/api/v1/hosts/{name}", "/api/v1/hosts/nope", null, null, Roles.OPERATOR),
                new Endpoint("POST", "/api/v1/hosts/{name}/fence/test", "/api/v1/hosts/nope/fence/test", null, null,
                        Roles.OPERATOR),
                new Endpoint("POST", "/api/v1/hosts/{name}/fence/ack", "/api/v1/hosts/nope/fence/ack", null, null,
                        Roles.OPERATOR),
                new Endpoint("POST", "/api/v1/hosts/{name}/heartbeat", "/api/v1/hosts/nope/heartbeat", null, null,
                        Roles.AGENT),
                get("/api/v1/vms", Roles.VIEWER),
                post("/api/v1/vms", "application/json", "{}", Roles.OPERATOR),
                new Endpoint("GET", "/api/v1/vms/{name}", "/api/v1/vms/nope", null, null, Roles.VIEWER),
                new Endpoint("PUT", "/api/v1/vms/{name}", "/api/v1/vms/nope", "application/json", "{}", Roles.OPERATOR),
                new Endpoint("DELETE", "/api/v1/vms/{name}", "/api/v1/vms/nope", null, null, Roles.OPERATOR),
                get("/api/v1/failover-domains", Roles.VIEWER),
                post("/api/v1/failover-domains", "application/json", "{}", Roles.OPERATOR),
                new Endpoint("GET", "/api/v1/failover-domains/{name}", "/api/v1/failover-domains/nope", null, null,
                        Roles.VIEWER),
                new Endpoint("PUT", "/api/v1/failover-domains/{name}", "/api/v1/failover-domains/nope",
                        "application/json", "{}", Roles.OPERATOR),
                new Endpoint("DELETE", "/api/v1/failover-domains/{name}", "/api/v1/failover-domains/nope", null, null,
                        Roles.OPERATOR),
                get("/api/v1/fence-agents", Roles.VIEWER),
                new Endpoint("GET", "/api/v1/fence-agents/{name}", "/api/v1/fence-agents/fence_nope", null, null,
                        Roles.VIEWER),
                get("/q/metrics", Roles.VIEWER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anonymousIs401_aUserWithoutTheRoleIs403_aUserWithItGetsThrough(Endpoint endpoint) {
        SoftAssertions softly = new SoftAssertions();
        boolean api = endpoint.path().startsWith("/api/");

        Response anonymous = send(ApiUsers.anonymous(), endpoint);
        softly.assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(401);
        if (api) {
            softly.assertThat(anonymous.jsonPath().getString("code")).as("anonymous").isEqualTo("UNAUTHORIZED");
        }
        for (Caller caller : callers()) {
            Response response = send(caller.request().get(), endpoint);
            if (caller.roles().contains(endpoint.role())) {
                softly.assertThat(response.statusCode()).as(caller.name() + " gets through").isNotIn(401, 403);
            } else {
                softly.assertThat(response.statusCode()).as(caller.name() + " is forbidden").isEqualTo(403);
                if (api) {
                    softly.assertThat(response.jsonPath().getString("code")).as(caller.name()).isEqualTo("FORBIDDEN");
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theTableListsEveryOperationOfTheApi_andEachDocuments401And403() {
        Map<String, Map<String, Map<String, Object>>> paths = ApiUsers.anonymous().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            documented.add(method.toUpperCase() + " " + path);
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            assertThat(responses).as(method + " " + path).containsKeys("401", "403");
        }));

        Set<String> tabled = endpoints().filter(e -> e.path().startsWith("/api/")).map(e -> e.method() + " " + e.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(tabled).isEqualTo(documented);
    }

    @Test
    void healthAndTheOpenApiDocument_areOpen() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/openapi")) {
            assertThat(ApiUsers.anonymous().get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    private static List<Caller> callers() {
        return List.of(
                new Caller("viewer", ApiUsers::viewer, Set.of(Roles.VIEWER)),
                new Caller("agent", ApiUsers::agent, Set.of(Roles.AGENT)),
                new Caller("operator", ApiUsers::operator, Set.of(Roles.OPERATOR, Roles.VIEWER)),
                new Caller("policy-admin", ApiUsers::policyAdmin, Set.of(Roles.POLICY_ADMIN, Roles.VIEWER)),
                new Caller("admin", ApiUsers::admin, Set.of(Roles.VIEWER, Roles.AGENT, Roles.OPERATOR,
                        Roles.POLICY_ADMIN, Roles.ADMIN)));
    }

    private static Response send(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.contentType() != null) {
            request.contentType(endpoint.contentType()).body(endpoint.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.request(endpoint.method(), endpoint.request());
    }

    private static Endpoint get(String path, String role) {
        return new Endpoint("GET", path, path, null, null, role);
    }

    private static Endpoint post(String path, String contentType, String body, String role) {
        return new Endpoint("POST", path, path, contentType, body, role);
    }

    private static Endpoint put(String path, String contentType, String body, String role) {
        return new Endpoint("PUT", path, path, contentType, body, role);
    }
}
