package io.omnihub.routes;

import java.util.Collection;
import java.util.Optional;

/** The live channels and destinations, as the config folder currently defines them. */
public interface HubRegistry {

    Optional<Channel> channel(String id);

    Collection<Channel> channels();

    Optional<Destination> destination(String id);

    Collection<Destination> destinations();
}
