package io.lifeboat.testing;

import java.util.List;
import java.util.Map;

import io.lifeboat.api.Roles;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST Assured requests as the test users: one per role, created on first use (through the real API as the bootstrap admin). */
public final class ApiUsers {
    /** The bootstrap admin's password in the test profiles (application.properties). */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private ApiUsers() {
    }

    public static RequestSpecification viewer() {
        return as(Roles.VIEWER);
    }

    public static RequestSpecification operator() {
        return as(Roles.OPERATOR);
    }

    public static RequestSpecification policyAdmin() {
        return as(Roles.POLICY_ADMIN);
    }

    public static RequestSpecification admin() {
        return RestAssured.given().auth().preemptive().basic(Roles.ADMIN, ADMIN_PASSWORD);
    }

    public static RequestSpecification agent() {
        return as(Roles.AGENT);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }

    /** The password of the test user that holds only {@code role} (its name is the role's name). */
    public static String password(String role) {
        return role + "-test-password";
    }

    /**
     * A user named after its one role. It is made sure of on every call rather than remembered: the database is
     * emptied whenever Quarkus restarts for another test profile, and a 409 costs one cheap request.
     */
    private static RequestSpecification as(String role) {
        int status = admin().contentType(ContentType.JSON)
                .body(Map.of("name", role, "password", password(role), "roles", List.of(role)))
                .post("/api/v1/users").statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("cannot create the test user " + role + ": HTTP " + status);
        }
        return RestAssured.given().auth().preemptive().basic(role, password(role));
    }
}
