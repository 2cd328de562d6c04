package io.rolegate.federation;

import java.io.IOException;
import java.net.URL;
import java.util.List;

/**
 * Fetches a discovery document or JWKS from a tenant-supplied URL under the SSRF rules of {@link AddressGuard} and
 * the limits of {@link KeySettings} (the Vert.x implementation lives in io.rolegate.federation.runtime).
 */
public interface DocumentFetcher {

    /** @throws KeyFetchFailure REFUSED or UNREACHABLE (see there) */
    FetchedDocument fetch(URL url) throws IOException;

    /** The same fetcher also trusting servers pinned by these thumbprints (see {@link ThumbprintTrust}). */
    default DocumentFetcher forThumbprints(List<String> thumbprints) {
        return this;
    }
}
