package io.rolegate.federation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The address guard as a table (src/test/resources/federation/address-guard.csv). No network: names are faked. */
class AddressGuardTest {

    @ParameterizedTest(name = "{0} loopback={1} allow=[{2}] resolves=[{3}] -> {4}")
    @CsvFileSource(resources = "/federation/address-guard.csv")
    void decides(String url, boolean allowHttpLoopback, String allowed, String resolvesTo, String expected)
            throws Exception {
        AddressGuard.Resolver fake = host -> {
            if (resolvesTo == null) { // an IP literal: resolving it never touches DNS
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            InetAddress[] out = Arrays.stream(resolvesTo.trim().split("\\s+")).map(AddressGuardTest::literal)
                    .toArray(InetAddress[]::new);
            return out;
        };
        AddressGuard guard = new AddressGuard(allowHttpLoopback,
                allowed == null ? List.of() : List.of(allowed.trim().split("\\s+")), fake);
        if (expected.equals("allow")) {
            List<InetAddress> checked = guard.check(new URL(url));
            assertEquals(resolvesTo == null ? 1 : resolvesTo.trim().split("\\s+").length, checked.size());
        } else {
            KeyFetchFailure f = assertThrows(KeyFetchFailure.class, () -> guard.check(new URL(url)));
            assertEquals(KeyFetchFailure.Kind.REFUSED, f.kind(), f.getMessage());
        }
    }

    @Test
    void unresolvableNameIsUnreachableNotRefused() {
        AddressGuard guard = new AddressGuard(false, List.of(), host -> {
            throw new UnknownHostException(host);
        });
        KeyFetchFailure f = assertThrows(KeyFetchFailure.class, () -> guard.check(new URL("https://gone.example")));
        assertEquals(KeyFetchFailure.Kind.UNREACHABLE, f.kind());
    }

    @Test
    void badAllowListEntryIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> new AddressGuard(false, List.of("10.0.0.0/33"), InetAddress::getAllByName));
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
