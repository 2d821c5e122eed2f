/**
 * Typed, validated plugin settings stored as Openfire properties.
 *
 * <p>Openfire's own {@code SystemProperty} appeared in 4.4 and cannot be compiled against 4.2.0, so each
 * setting is declared once here as a {@link social.waddle.settings.Setting} (key, type, default, bounds,
 * i18n description key) and read through {@link social.waddle.settings.Settings}. Storage is abstracted by
 * {@link social.waddle.settings.PropertyStore}; the Openfire adapter lives in {@code social.waddle.openfire}.
 *
 * <p>May depend on the JDK, SLF4J, {@code social.waddle.time} (the one duration grammar) and
 * {@code social.waddle.atproto.syntax}: identifiers in settings (DIDs, NSIDs,
 * domains) are validated by the same types that parse them later, so a value a setting accepts is never refused
 * when the service it configures is built.
 */
package social.waddle.settings;
