package io.rolegate.federation;

/** Told about every JWKS retrieval attempt per issuer (the Quarkus bean turns this into Micrometer metrics). */
public interface KeyFetchObserver {
    void fetched(String issuer);

    void failed(String issuer, KeyFetchFailure.Kind kind);

    KeyFetchObserver NONE = new KeyFetchObserver() {
        @Override
        public void fetched(String issuer) {
        }

        @Override
        public void failed(String issuer, KeyFetchFailure.Kind kind) {
        }
    };
}
