package io.lifeboat.api;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.lifeboat.config.ConfigurationException;
import io.lifeboat.store.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * Turns every failure into {@link ApiError}: refusals keep their code, anything unexpected becomes INTERNAL_ERROR
 * with no stack trace or class name for the client, and is logged here (Quarkus REST does not log it).
 */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> refused(ApiException e) {
        return json(e.status(), new ApiError(e.code(), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> refused(ConfigurationException e) {
        return json(e.status(), new ApiError(e.code(), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status == 404 ? "NOT_FOUND" : status == 405 ? "METHOD_NOT_ALLOWED"
                : status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : status == 406 ? "NOT_ACCEPTABLE" : "BAD_REQUEST";
        return json(status, new ApiError(code, e.getResponse().getStatusInfo().getReasonPhrase(), null));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unauthenticated(UnauthorizedException e) {
        return unauthorized("credentials are required");
    }

    /** Wrong credentials: the same answer whether the user is unknown or the password wrong. */
    @ServerExceptionMapper
    public RestResponse<ApiError> authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("the credentials are not valid");
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> forbidden(ForbiddenException e) {
        return json(403, new ApiError("FORBIDDEN", "this needs another role", null));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Exception e) {
        if (DatabaseFailures.unreachable(e)) {
            LOG.warnf("request failed: the database cannot be reached (%s)", e.getMessage());
            return json(503, new ApiError("DATABASE_UNAVAILABLE",
                    "the database cannot be reached; GET /q/health/ready says since when", null));
        }
        LOG.error("request failed", e);
        return json(500, new ApiError("INTERNAL_ERROR", "the request failed; see the server log", null));
    }

    private static RestResponse<ApiError> unauthorized(String message) {
        return RestResponse.ResponseBuilder.<ApiError>create(401).entity(new ApiError("UNAUTHORIZED", message, null))
                .header("WWW-Authenticate", "Basic realm=\"lifeboat\"").type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static RestResponse<ApiError> json(int status, ApiError error) {
        return RestResponse.ResponseBuilder.<ApiError>create(status).entity(error).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
