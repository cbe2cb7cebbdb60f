package io.lifeboat.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** TEMPORARY until the security branch lands: REST Assured requests as the users of ConfigurationProfile. */
public final class ApiUsers {
    private ApiUsers() {
    }

    public static RequestSpecification viewer() {
        return RestAssured.given().auth().preemptive().basic("viewer", "viewer-pw");
    }

    public static RequestSpecification operator() {
        return RestAssured.given().auth().preemptive().basic("operator", "operator-pw");
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
