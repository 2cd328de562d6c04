package io.rolegate.sso;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The role session name of a person: a valid RoleSessionName from preferred_username, else email, else sub. */
class RoleOffersTest {
    @Test
    void preferredUsernameFirstThenEmailThenSubject() {
        assertEquals("alice", RoleOffers.sessionName(Optional.of("alice"), Optional.of("a@x.example"), "s-1"));
        assertEquals("a@x.example", RoleOffers.sessionName(Optional.empty(), Optional.of("a@x.example"), "s-1"));
        assertEquals("s-1", RoleOffers.sessionName(Optional.empty(), Optional.empty(), "s-1"));
    }

    @Test
    void charactersASessionNameCannotHoldAreDroppedAndItIsCutTo64() {
        assertEquals("AliceSmith", RoleOffers.sessionName(Optional.of("Alice Smith/é"), Optional.empty(), "s"));
        assertEquals("b@x.example", RoleOffers.sessionName(Optional.of("!"), Optional.of("b@x.example"), "s"));
        assertEquals("a".repeat(64), RoleOffers.sessionName(Optional.of("a".repeat(80)), Optional.empty(), "s"));
        assertEquals("portal-user", RoleOffers.sessionName(Optional.empty(), Optional.empty(), "*"));
    }
}
