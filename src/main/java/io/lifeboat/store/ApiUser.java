package io.lifeboat.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API user. Quarkus's Jakarta Persistence identity provider authenticates HTTP basic credentials against these
 * rows (bcrypt, in Modular Crypt Format); the password itself is never stored.
 */
@Entity
@Table(name = "api_user")
@UserDefinition
public class ApiUser extends PanacheEntityBase {
    @Id
    @Username
    public String name;
    @Password(PasswordType.MCF)
    @Column(name = "password_hash")
    public String passwordHash;
    /** Comma-separated, as the identity provider reads them. */
    @Roles
    public String roles;

    public static ApiUser byName(String name) {
        return findById(name);
    }

    public static long withRole(String role) {
        return ApiUser.<ApiUser>streamAll().filter(u -> u.roleSet().contains(role)).count();
    }

    /** Sorted, so that listings and journal summaries are stable. */
    public Set<String> roleSet() {
        return new TreeSet<>(Arrays.asList(roles.split(",")));
    }

    public void setRoles(Collection<String> roles) {
        this.roles = String.join(",", new TreeSet<>(roles));
    }

    /** Hashes with bcrypt at {@code cost} (2^cost rounds; the cost is part of the hash, so it can change later). */
    public void setPassword(String password, int cost) {
        passwordHash = BcryptUtil.bcryptHash(password, cost);
    }
}
