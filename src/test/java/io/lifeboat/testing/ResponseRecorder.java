package io.lifeboat.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/** A REST Assured filter that keeps every response it sees whole: request line, status line, headers and body. */
public final class ResponseRecorder implements Filter {
    private final List<String> responses = new CopyOnWriteArrayList<>();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext context) {
        Response response = context.next(request, responseSpec);
        responses.add(request.getMethod() + " " + request.getURI() + "\n" + response.getStatusLine() + "\n"
                + response.getHeaders() + "\n\n" + response.asString());
        return response;
    }

    public List<String> responses() {
        return List.copyOf(responses);
    }
}
