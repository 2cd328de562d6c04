package io.rolegate.iam;

import java.util.Map;

/**
 * Where the operator's commands (break-glass recovery, account creation, session revocation, master-key rotation)
 * leave their audit event, before their result is handed out. Implemented by the audit trail (audit.OperatorTrail),
 * which iam may not see: the dependency points from audit to iam, as everywhere else.
 */
public interface OperatorEvents {
    /**
     * One operator action: its event name, the account whose trail receives it (null: the gateway's own chain, for
     * actions on no account), what was asked and what came of it (never a secret), and the entity acted on.
     */
    record OperatorAction(String eventName, String accountId, Map<String, Object> requestParameters,
                          Map<String, Object> responseElements, String resourceType, String resourceName) {
    }

    /** Returns when the event is durably in the trail; throws when it could not be written. */
    void record(OperatorAction action);
}
