/*
 * cli/cmd/i18n.c - lessons in the user's language (see i18n.h).  The
 * catalogues are looked for in the build tree first (tests run there),
 * then where they install, as lessons are.
 */
#include <locale.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd/i18n.h"
#include "core/xmalloc.h"

#define TR_MAXKEY	8192	/* a paragraph, at most, to be translated */

/* Take LC_CTYPE and LC_MESSAGES from the environment; bind the domain. */
void
i18n_init(void)
{
	struct stat	sb;

	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	if (stat(LOCALE_BUILDDIR, &sb) == 0 && S_ISDIR(sb.st_mode))
		bindtextdomain(PACKAGE, LOCALE_BUILDDIR);
	else
		bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/* Blanks collapsed and trimmed: "a  b\t c " is "a b c". */
void
tr_key(const char *s, char *buf, size_t len)
{
	size_t	n = 0;
	int	blank = 0;

	if (len == 0)
		return;
	for (; *s != '\0' && n + 1 < len; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			blank = n > 0;
			continue;
		}
		if (blank) {
			buf[n++] = ' ';
			blank = 0;
			if (n + 1 >= len)
				break;
		}
		buf[n++] = *s;
	}
	buf[n] = '\0';
}

/* The catalogue's text for s, or s. */
const char *
tr(const char *s)
{
	static char	 key[TR_MAXKEY];
	const char	*t;

	if (strlen(s) >= TR_MAXKEY)
		return (s);
	tr_key(s, key, TR_MAXKEY);
	t = tr_collapsed(key);
	return (t == key ? s : t);
}

/* The catalogue's text for a collapsed key, or the key. */
const char *
tr_collapsed(const char *key)
{
	if (key[0] == '\0')
		return (key);	/* "" would be the catalogue's header */
	return (gettext(key));
}
