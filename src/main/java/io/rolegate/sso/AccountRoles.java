package io.rolegate.sso;

import io.rolegate.model.Account;
import io.rolegate.store.AccountStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A person's offered roles grouped by account, each account with its alias (the portal's "accounts you can reach"). */
@ApplicationScoped
public class AccountRoles {

    /** One account the person can reach and the roles they may take there. */
    public record Reachable(String accountId, String alias, List<RoleOffers.Offer> roles) {
        /** The alias, else the account id: how the portal names the account. */
        public String label() {
            return alias == null || alias.isBlank() ? accountId : alias;
        }
    }

    @Inject
    AccountStore accounts;

    /** How the portal names an account: its alias, else its id. */
    public String label(String accountId) {
        return new Reachable(accountId, accounts.find(accountId).map(Account::alias).orElse(null), List.of()).label();
    }

    /** In the order the offers came (by account, then role). */
    public List<Reachable> group(List<RoleOffers.Offer> offers) {
        Map<String, List<RoleOffers.Offer>> byAccount = new LinkedHashMap<>();
        for (RoleOffers.Offer o : offers) {
            byAccount.computeIfAbsent(o.accountId(), a -> new ArrayList<>()).add(o);
        }
        List<Reachable> out = new ArrayList<>();
        byAccount.forEach((id, roles) -> out.add(new Reachable(id,
                accounts.find(id).map(Account::alias).orElse(null), List.copyOf(roles))));
        return out;
    }
}
