package social.waddle.compat;

import java.util.Optional;

/** Where class declarations come from: a jar, a directory of class files, a class loader, a table of the API. */
@FunctionalInterface
interface ClassSource {

    /** The class of this internal name, if this source has it. */
    Optional<ApiClass> find(String internalName);
}
