package io.rolegate.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Only /portal/sso/&lt;16 hex digits&gt;[/...] selects a portal tenant; every other path keeps the disabled default. */
class PortalTenantsTest {
    @Test
    void theSignInKeyOfAPortalPath() {
        assertEquals("0123456789abcdef", PortalTenants.key("/portal/sso/0123456789abcdef"));
        assertEquals("0123456789abcdef", PortalTenants.key("/portal/sso/0123456789abcdef/logout"));
    }

    @Test
    void otherPathsHaveNoTenant() {
        assertNull(PortalTenants.key("/"));
        assertNull(PortalTenants.key("/portal"));
        assertNull(PortalTenants.key("/portal/sso/"));
        assertNull(PortalTenants.key("/portal/sso/0123456789ABCDEF"));
        assertNull(PortalTenants.key("/portal/sso/0123456789abcdef0"));
        assertNull(PortalTenants.key("/.well-known/openid-configuration"));
        assertNull(PortalTenants.key(null));
    }
}
