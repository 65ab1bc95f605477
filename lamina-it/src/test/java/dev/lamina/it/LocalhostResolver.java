package dev.lamina.it;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves {@code *.localhost} to loopback in the test JVM, as curl and browsers do (RFC 6761), so
 * java.net.http can use a function URL exactly as the node returns it; every other name goes to
 * the system's resolver. Registered in META-INF/services.
 */
public final class LocalhostResolver extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
                    return Stream.of(InetAddress.getLoopbackAddress());
                }
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "lamina-localhost";
    }
}
