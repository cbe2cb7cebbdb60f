package io.lifeboat.security;

import java.util.Set;

import io.lifeboat.api.Roles;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whoever may change something may also read it: operator, policy-admin and admin imply viewer. Applies to every
 * identity, from a stored user or from an OIDC token, so a token needs to carry only its strongest role.
 */
@ApplicationScoped
public class ImpliedRoles implements SecurityIdentityAugmentor {
    private static final Set<String> READERS = Set.of(Roles.OPERATOR, Roles.POLICY_ADMIN, Roles.ADMIN);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.hasRole(Roles.VIEWER)
                || identity.getRoles().stream().noneMatch(READERS::contains)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(Roles.VIEWER).build());
    }
}
