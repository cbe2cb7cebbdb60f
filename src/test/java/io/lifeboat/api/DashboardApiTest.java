package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.lifeboat.testing.ApiUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** What the dashboard relies on besides the API it shares: form login, the session, the event stream, no prompt. */
@QuarkusTest
class DashboardApiTest {

    @Test
    void theEventStreamSendsTheStatus_thenEndsWhenItsTimeIsUp_andAStreamOpenedLaterGetsItToo() {
        for (int stream = 1; stream <= 2; stream++) { // the second after the shared reading stopped with the first
            Response response = ApiUsers.viewer().accept("text/event-stream").get("/api/v1/events?seconds=2");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/event-stream");
            String first = response.asString().lines().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
            assertThat(first).as("stream %d", stream).contains("\"managing\"").contains("\"hosts\"")
                    .contains("\"advice\"");
        }
    }

    @Test
    void aStreamOfNoTimeIsRefusedWithTheField() {
        Response response = ApiUsers.viewer().get("/api/v1/events?seconds=0");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("code")).isEqualTo("BAD_PARAMETER");
        assertThat(response.jsonPath().getString("field")).isEqualTo("seconds");
    }

    @Test
    void aFormLoginGivesAnHttpOnlySameSiteCookie_theSessionNamesTheUser_andLogoutEndsIt() {
        ApiUsers.operator();
        Response login = RestAssured.given().formParam("j_username", Roles.OPERATOR)
                .formParam("j_password", ApiUsers.password(Roles.OPERATOR)).post("/j_security_check");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.getHeader("Set-Cookie");
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String value = login.getCookie("quarkus-credential");

        Response session = RestAssured.given().cookie("quarkus-credential", value).get("/api/v1/session");
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.jsonPath().getString("user")).isEqualTo(Roles.OPERATOR);
        assertThat(session.jsonPath().getList("roles")).contains(Roles.OPERATOR, Roles.VIEWER);

        Response forged = RestAssured.given().cookie("quarkus-credential", value).post("/api/v1/session/logout");
        assertThat(forged.statusCode()).as("a change on the cookie alone, as a cross-site form would send it")
                .isEqualTo(403);
        assertThat(forged.jsonPath().getString("code")).isEqualTo("NOT_FROM_THE_PAGE");

        Response logout = RestAssured.given().cookie("quarkus-credential", value)
                .header("X-Requested-With", "XMLHttpRequest").post("/api/v1/session/logout");
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.getHeader("Set-Cookie")).as("the cookie is cleared").contains("quarkus-credential=;");
    }

    @Test
    void aWrongPasswordIs401_andNoCookie() {
        Response login = RestAssured.given().formParam("j_username", Roles.ADMIN).formParam("j_password", "wrong")
                .post("/j_security_check");

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.getCookie("quarkus-credential")).isNull();
    }

    @Test
    void thePagesOwnRequestsGetNoBasicChallenge_otherClientsDo() {
        Response page = RestAssured.given().header("X-Requested-With", "XMLHttpRequest").get("/api/v1/session");
        Response curl = RestAssured.given().get("/api/v1/session");

        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.getHeader("WWW-Authenticate")).as("the browser would open its own prompt").isNull();
        assertThat(curl.statusCode()).isEqualTo(401);
        assertThat(curl.getHeader("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void theDashboardIsServedAtTheRoot_withoutLogin_andFromTheJarOnly() {
        String page = RestAssured.given().get("/").then().statusCode(200).extract().asString();

        assertThat(page).contains("<title>Lifeboat</title>").contains("/dashboard/app.js");
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(RestAssured.given().get("/dashboard/app.js").statusCode()).isEqualTo(200);
    }
}
