package dev.hinksbot.gateway.tools.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The network tools resolve once through this, check every address, and connect
 * to an address they checked, so a name that changes its answer between check and connect (DNS rebinding) gains
 * nothing. Tests use a fake, so no test depends on (or sends anything to) real DNS.
 */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host} (a name, never a literal); throws when it has none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
