package io.lifeboat.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.lifeboat.api.Roles;
import io.lifeboat.testing.ApiUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The dashboard in Debian's chromium against Lifeboat managing the demo cluster (libvirt test-driver hosts, the demo's
 * fence agent). In order: an operator watches a failover play out without reloading the page; a what-if; a viewer
 * without the operations; a broken rule shown at its line; the configuration's validation at the field.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Duration FAILOVER = Duration.ofSeconds(90);
    private static final Duration SOON = Duration.ofSeconds(20);
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void chromium() {
        assertThat(Browser.installed()).as("chromium and chromium-driver (the README's test command installs them)")
                .isTrue();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private Browser browser() {
        if (browser == null) {
            browser = new Browser(base);
        }
        return browser;
    }

    @Test
    @Order(1)
    void anOperatorWatchesAFailoverPlayOutOnTheMap_withoutReloadingThePage() throws IOException {
        Browser b = browser();
        b.logIn(Roles.ADMIN, ApiUsers.ADMIN_PASSWORD);
        b.waiting(SOON).until(d -> hostState(b, "h1").equals("UP") && vmsOn(b, "h1").contains("db1"));
        assertThat(b.all(".host")).extracting(e -> e.getAttribute("data-host")).containsExactly("h1", "h2", "h3");
        assertThat(b.find("[data-host='h1'] .badge").getText()).as("the state in words, not only in colour")
                .isEqualTo("UP");
        assertThat(b.find("[data-host='h1'] .bar").getAttribute("aria-label")).contains("used").contains("limit");
        b.screenshot("cluster");
        // A fencing grace keeps h1 suspect (and its VMs blocked) long enough to open a blocked VM's explanation.
        withFencingGrace(6);
        b.script("window.samePage = 'yes'");

        ApiUsers.operator().post("/api/v1/demo/hosts/h1/fail").then().statusCode(200);

        List<String> seen = new ArrayList<>();
        b.waiting(FAILOVER).until(d -> record(seen, hostState(b, "h1")).equals("SUSPECT"));
        WebElement db1 = b.waiting(SOON).until(d -> {
            WebElement vm = b.find("[data-host='h1'] [data-vm='db1']");
            return "BLOCKED".equals(vm.getAttribute("data-state")) ? vm : null;
        });
        db1.click();
        b.waiting(SOON).until(d -> b.find("#explain-body").getText().contains("NOT_FENCED"));
        assertThat(b.find("#explain-body").getText()).as("its host's silence, in the chain").contains("failover.host-unresponsive");
        b.screenshot("explain-blocked-vm");
        b.find("#explain-close").sendKeys(Keys.ENTER);

        b.waiting(FAILOVER).until(d -> record(seen, hostState(b, "h1")).equals("FENCED")
                && vmRunningOn(b, "db1", "h2", "h3") && vmRunningOn(b, "web1", "h2", "h3"));
        assertThat(seen).as("states h1 went through on the map").containsSubsequence("UP", "SUSPECT", "FENCED");
        assertThat(b.script("return window.samePage")).as("the page was never reloaded").isEqualTo("yes");
        b.screenshot("after-failover");

        b.find("[data-tab='journal']").click();
        b.waiting(SOON).until(d -> b.find("#timeline").getText().contains("h1")
                && b.find("#timeline").getText().contains("restarted"));
        assertThat(b.all("#journal-rows tr")).isNotEmpty();
        b.screenshot("journal");
    }

    @Test
    @Order(2)
    void anOperationAsksFirst_andSaysWhatHappened() {
        Browser b = browser();
        b.find("[data-tab='cluster']").click();
        WebElement fenceTest = b.all("[data-host='h2'] .ops button").stream()
                .filter(e -> e.getText().equals("Fence test")).findFirst().orElseThrow();
        fenceTest.click();
        assertThat(b.find("#confirm-text").getText()).contains("Nothing is powered off");
        assertThat(b.driver.switchTo().activeElement().getText()).as("the focus starts on Cancel").isEqualTo("Cancel");
        long journalled = ApiUsers.viewer().get("/api/v1/journal?subject=host/h2").jsonPath().getLong("total");
        b.find("#confirm-ok").click();
        b.waiting(SOON).until(d -> b.find("#summary").getText().startsWith("Fence test"));
        b.waiting(SOON).until(d -> ApiUsers.viewer().get("/api/v1/journal?subject=host/h2").jsonPath()
                .getLong("total") > journalled);
        assertThat(b.all("[data-host='h2'] .ops button")).extracting(WebElement::getText)
                .as("confirming a fence by hand is offered only where fencing failed").doesNotContain("Confirm fenced");
    }

    @Test
    @Order(3)
    void aWhatIfIsDrawnOnAMap_andTouchesNothing() throws IOException {
        Browser b = browser();
        b.find("[data-tab='whatif']").click();
        WebElement h2 = b.waiting(SOON).until(d -> b.find("#whatif-hosts input[value='h2']"));
        h2.click();
        b.find("#whatif-form button[type='submit']").click();
        b.waiting(FAILOVER).until(d -> !b.all("#whatif-map .host").isEmpty());
        assertThat(b.find("#whatif-result").getText()).contains("If h2 failed").contains("nothing was touched")
                .contains("FENCE_HOST");
        assertThat(b.find("#whatif-map [data-host='h2']").getAttribute("data-state")).isEqualTo("FENCED");
        assertThat(b.all("#whatif-map .whatif-moved")).as("VMs drawn where they would go: %s",
                b.find("#whatif-result").getText()).isNotEmpty();
        b.screenshot("what-if");
        assertThat(ApiUsers.viewer().get("/api/v1/status").jsonPath().getString("hosts.find { it.name == 'h2' }.state"))
                .as("the live h2").isEqualTo("UP");
    }

    @Test
    @Order(4)
    void keyboardOnly_aHostExplanationOpensFromTheMap() {
        Browser b = browser();
        b.find("[data-tab='cluster']").click();
        b.script("document.activeElement.blur()");
        String target = "[data-host='h2'] .name";
        for (int presses = 0; presses < 200 && !focused(b, target); presses++) {
            b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(focused(b, target)).as("reached by Tab").isTrue();
        b.waiting(SOON).until(d -> { // a live update may redraw the card between two checks; the focus stays put
            b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
            return true;
        });
        b.waiting(SOON).until(d -> b.find("#explain").isDisplayed()
                && b.find("#explain-title").getText().contains("host h2"));
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.waiting(SOON).until(d -> !b.find("#explain").isDisplayed());
    }

    @Test
    @Order(5)
    void itFitsALaptopAndALargeMonitor_andFetchesNothingFromElsewhere() throws IOException {
        Browser b = browser();
        for (int[] size : new int[][] {{1366, 768}, {2560, 1440}}) {
            b.size(size[0], size[1]);
            b.find("[data-tab='cluster']").click();
            assertThat((Boolean) b.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at %d px", size[0]).isTrue();
            assertThat(b.all("#map .host")).hasSize(3).allMatch(WebElement::isDisplayed);
            b.screenshot("cluster-" + size[0]);
        }
        b.size(1366, 900);
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) b.script(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/";
        assertThat(requested).isNotEmpty().allMatch(url -> url.startsWith(origin), "served by Lifeboat");
    }

    @Test
    @Order(6)
    void aViewerSeesNoOperation_andTheApiRefusesThemAnyway() {
        Browser b = browser();
        b.find("#logout").click();
        b.waiting(SOON).until(d -> b.find("#login").isDisplayed());
        ApiUsers.viewer(); // makes sure the user exists
        b.logIn(Roles.VIEWER, ApiUsers.password(Roles.VIEWER));
        assertThat(b.find("#whoami").getText()).startsWith("viewer");
        assertThat(b.all("#map .host")).as("the map drawn for the viewer").hasSize(3);
        assertThat(b.find("#map").getText()).contains("db1");
        assertThat(b.all(".host .ops")).as("operation buttons").isEmpty();
        assertThat(b.all("#not-running button")).extracting(WebElement::getText).noneMatch(t -> t.startsWith("Start"));
        Object status = b.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/hosts/h2/maintenance', {method: 'POST', headers: {'X-Requested-With': "
                + "'XMLHttpRequest'}}).then(r => r.json().then(j => done(r.status + ' ' + j.code)))");
        assertThat(status).as("the API, with the viewer's login cookie").isEqualTo("403 FORBIDDEN");
        b.find("[data-tab='policy']").click();
        b.waiting(SOON).until(d -> b.all("#rules tr").size() > 50);
        assertThat(b.find("#editor").isDisplayed()).as("the rule editor").isFalse();
        b.find("[data-tab='cluster']").click();
    }

    @Test
    @Order(7)
    void aPolicyAdminSeesABrokenRuleAtItsLine_andItNeverGoesLive() throws IOException {
        Browser b = browser();
        b.find("#logout").click();
        b.waiting(SOON).until(d -> b.find("#login").isDisplayed());
        b.logIn(Roles.ADMIN, ApiUsers.ADMIN_PASSWORD);
        b.find("[data-tab='policy']").click();
        b.waiting(SOON).until(d -> b.all("#rules tr").size() > 50);
        long version = ApiUsers.viewer().get("/api/v1/policies").jsonPath().getLong("version");
        WebElement text = b.find("#drl-text");
        text.sendKeys("package io.lifeboat.rules;\n\nrule \"broken\"\nwhen\n    Host( name == )\nthen\nend\n");
        WebElement error = b.waiting(SOON).until(d -> b.all("#drl-errors li").stream().findFirst().orElse(null));
        int line = Integer.parseInt(error.getAttribute("data-line"));
        assertThat(line).as("the error's line").isBetween(3, 5);
        assertThat(b.find("#drl-lines").findElements(org.openqa.selenium.By.cssSelector(".bad")))
                .extracting(WebElement::getText).contains(String.valueOf(line));
        b.find("#drl-upload").click();
        b.waiting(SOON).until(d -> b.find("#drl-upload-result").getText().startsWith("Refused"));
        b.screenshot("policy-broken-rule");
        assertThat(ApiUsers.viewer().get("/api/v1/policies").jsonPath().getLong("version"))
                .as("the live rules").isEqualTo(version);
    }

    @Test
    @Order(8)
    void aConfigurationErrorIsShownAtItsField() {
        Browser b = browser();
        b.find("[data-tab='config']").click();
        b.waiting(SOON).until(d -> b.find("#document").getText().contains("web3"));
        new org.openqa.selenium.support.ui.Select(b.find("#edit-what")).selectByValue("vms/web3");
        b.waiting(SOON).until(d -> "web3".equals(b.find("#field-name").getAttribute("value")));
        b.find("#field-memoryMiB").clear();
        b.find("#field-memoryMiB").sendKeys("-5");
        b.find("#edit-form button[type='submit']").click();
        b.waiting(SOON).until(d -> !b.find("#field-memoryMiB-error").getText().isEmpty());
        assertThat(b.find("#field-memoryMiB-error").getText()).contains("memoryMiB");
        assertThat(b.find("#document").getText()).doesNotContain("-5");
    }

    private static boolean focused(Browser b, String css) {
        return (Boolean) b.script("return document.activeElement.matches(arguments[0])", css);
    }

    private static String hostState(Browser b, String host) {
        return b.find("[data-host='" + host + "']").getAttribute("data-state");
    }

    private static List<String> vmsOn(Browser b, String host) {
        return b.all("[data-host='" + host + "'] [data-vm]").stream().map(e -> e.getAttribute("data-vm")).toList();
    }

    private static boolean vmRunningOn(Browser b, String vm, String... hosts) {
        for (String host : hosts) {
            if (b.all("[data-host='" + host + "'] [data-vm='" + vm + "'][data-state='RUNNING']").size() == 1) {
                return true;
            }
        }
        return false;
    }

    private static String record(List<String> seen, String state) {
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
            seen.add(state);
        }
        return state;
    }

    private static void withFencingGrace(int seconds) {
        Map<String, Object> settings = new java.util.HashMap<>(ApiUsers.admin().get("/api/v1/cluster/settings")
                .then().statusCode(200).extract().jsonPath().getMap("$"));
        settings.put("fencingGrace", seconds);
        ApiUsers.admin().contentType(ContentType.JSON).body(settings).put("/api/v1/cluster/settings")
                .then().statusCode(200);
    }
}
