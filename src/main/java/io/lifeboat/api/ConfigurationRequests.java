package io.lifeboat.api;

import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.service.ClusterConfiguration.Applied;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

/** What the configuration endpoints share: the document's version as an ETag, and who asks. */
final class ConfigurationRequests {
    private ConfigurationRequests() {
    }

    /** The version an {@code If-Match} header names ({@code "7"}, {@code W/"7"} or {@code 7}); null when absent. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "INVALID_IF_MATCH", "If-Match must name a version of the cluster document, as"
                    + " its ETag gives it", "If-Match");
        }
    }

    static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    static String user(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    static RestResponse<Applied> applied(Applied applied, int status) {
        return RestResponse.ResponseBuilder.<Applied>create(status).entity(applied).tag(etag(applied.version()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
