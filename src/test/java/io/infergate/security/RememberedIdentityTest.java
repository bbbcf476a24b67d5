package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * A remembered identity answers with what was verified, and with the current request's routing and authentication
 * contexts, never the request's it was first verified on.
 */
class RememberedIdentityTest {

    private final SecurityIdentity remembered = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("ada"))
            .addRole("admins")
            .addAttribute(PublishedKeyCheck.KEY_ID, "key-1")
            .build();

    @Test
    void shouldAnswerWithTheRememberedPrincipalRolesAndAttributes() {
        SecurityIdentity identity = new RememberedIdentity(remembered, stub(RoutingContext.class), null);

        assertThat(identity.getPrincipal().getName()).isEqualTo("ada");
        assertThat(identity.getRoles()).containsExactly("admins");
        assertThat(identity.hasRole("admins")).isTrue();
        assertThat(identity.hasRole("others")).isFalse();
        assertThat(identity.isAnonymous()).isFalse();
        assertThat((String) identity.getAttribute(PublishedKeyCheck.KEY_ID)).isEqualTo("key-1");
    }

    @Test
    void shouldCarryTheCurrentRequestsContextsOnly() {
        RoutingContext first = stub(RoutingContext.class);
        RoutingContext current = stub(RoutingContext.class);
        AuthenticationRequestContext context = stub(AuthenticationRequestContext.class);
        SecurityIdentity verifiedOnFirst = QuarkusSecurityIdentity.builder(remembered)
                .addAttribute(RememberedIdentity.ROUTING_CONTEXT, first)
                .build();

        SecurityIdentity identity = new RememberedIdentity(verifiedOnFirst, current, context);

        assertThat((Object) identity.getAttribute(RememberedIdentity.ROUTING_CONTEXT)).isSameAs(current);
        assertThat((Object) identity.getAttribute(RememberedIdentity.REQUEST_CONTEXT)).isSameAs(context);
        assertThat(identity.getAttributes())
                .containsEntry(RememberedIdentity.ROUTING_CONTEXT, current)
                .containsEntry(RememberedIdentity.REQUEST_CONTEXT, context)
                .containsEntry(PublishedKeyCheck.KEY_ID, "key-1");
        assertThat((Object) new RememberedIdentity(verifiedOnFirst, current, null)
                .getAttribute(RememberedIdentity.REQUEST_CONTEXT)).isNull();
    }

    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : null));
    }
}
