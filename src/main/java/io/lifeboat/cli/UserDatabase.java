package io.lifeboat.cli;

import java.util.function.ToIntFunction;

import io.lifeboat.security.UserAccounts;

/** Where the {@code user} commands find the users: the service's own database, through {@link UserAccounts}. */
@FunctionalInterface
public interface UserDatabase {

    /** Runs {@code work} with the users of the database; returns its exit code. */
    int run(ToIntFunction<UserAccounts> work);
}
