package io.lifeboat.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A running Lifeboat's REST API, found like kubectl finds its cluster: {@code LIFEBOAT_URL} (default
 * http://localhost:8080), and {@code LIFEBOAT_TOKEN} (OIDC bearer) or {@code LIFEBOAT_USER} + {@code LIFEBOAT_PASSWORD}
 * (basic). A refusal is reported from the API's error envelope.
 */
final class LifeboatClient {
    static final String DEFAULT_URL = "http://localhost:8080";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Applying a 50 000-VM document or planning a what-if takes a while; a dead server does not take this long. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final Terminal terminal;
    private final String base;
    /** Holds the login cookie once {@link #logIn()} succeeded. */
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).cookieHandler(cookies)
            .build();
    private boolean loggedIn;

    /** The answer of a request that succeeded (2xx). */
    record Answer(int status, String body) {
    }

    /** Raised after the refusal or the failure has been reported to the user. */
    static final class Failed extends Exception {
        Failed() {
            super(null, null, false, false);
        }
    }

    LifeboatClient(Terminal terminal) {
        this.terminal = terminal;
        this.base = terminal.env("LIFEBOAT_URL").orElse(DEFAULT_URL).replaceAll("/+$", "");
    }

    /** Sends one request; anything but a 2xx is reported on stderr and raises {@link Failed}. */
    Answer send(String method, String path, Map<String, String> headers, String body) throws Failed {
        return send(method, path, headers, body, !loggedIn);
    }

    private Answer send(String method, String path, Map<String, String> headers, String body, boolean credentials)
            throws Failed {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        if (credentials) {
            authorization().ifPresent(value -> request.header("Authorization", value));
        } else if (loggedIn) {
            // Changes on the login cookie must say they are not a cross-site form; this client is no browser.
            request.header("X-Requested-With", "XMLHttpRequest");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            terminal.err().println("lifeboat: cannot connect to Lifeboat at " + base
                    + " (set LIFEBOAT_URL to where it runs): connection refused");
            throw new Failed();
        } catch (IOException e) {
            terminal.err().println("lifeboat: no answer from Lifeboat at " + base + ": " + e);
            throw new Failed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed();
        }
        if (response.statusCode() / 100 != 2) {
            refused(response);
            throw new Failed();
        }
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * Logs in once with {@code LIFEBOAT_USER} and {@code LIFEBOAT_PASSWORD} as the dashboard does (the form login's
     * cookie), for a caller that sends many requests: the password hash is then checked once, not on each request.
     * Does nothing with a bearer token or no user. Failing to log in is reported and raises {@link Failed}.
     */
    void logIn() throws Failed {
        if (terminal.env("LIFEBOAT_TOKEN").isPresent() || terminal.env("LIFEBOAT_USER").isEmpty()) {
            return;
        }
        String form = "j_username=" + formValue(terminal.env("LIFEBOAT_USER").orElseThrow())
                + "&j_password=" + formValue(terminal.env("LIFEBOAT_PASSWORD").orElse(""));
        // Without the basic header: with it, basic authentication answers and the form login never runs.
        send("POST", "/j_security_check", Map.of("Content-Type", "application/x-www-form-urlencoded"), form, false);
        loggedIn = !cookies.getCookieStore().getCookies().isEmpty();
    }

    private static String formValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Whether requests carry the login cookie instead of the credentials. */
    boolean loggedIn() {
        return loggedIn;
    }

    private Optional<String> authorization() {
        var token = terminal.env("LIFEBOAT_TOKEN");
        if (token.isPresent()) {
            return token.map(t -> "Bearer " + t);
        }
        return terminal.env("LIFEBOAT_USER").map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + terminal.env("LIFEBOAT_PASSWORD").orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    private void refused(HttpResponse<String> response) {
        try {
            JsonNode error = new ObjectMapper().readTree(response.body());
            if (error != null && error.hasNonNull("code")) {
                terminal.refused(error.get("code").asText(), error.path("field").asText(null),
                        error.path("message").asText(""));
                return;
            }
        } catch (IOException notJson) {
            // reported below as it came
        }
        String body = response.body() == null ? "" : response.body().strip();
        terminal.refused("HTTP_" + response.statusCode(), null, body.isEmpty() ? "no details" : body.lines().findFirst().orElse(""));
    }
}
