/*
 * cli/cmd/i18n.h - the words of lessons in the user's language: gettext's
 * catalogues (po/LANG.po, domain "tcpx"), chosen by the locale
 * (LANG=zh_CN.UTF-8, or LANGUAGE).  Only the character type and the
 * messages follow the locale: numbers and times print the same everywhere.
 */
#ifndef TCPX_CLI_CMD_I18N_H
#define TCPX_CLI_CMD_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/* Take the locale's character type and language, and find the catalogues. */
void		 i18n_init(void);
/*
 * The translation of s, a lesson's paragraph or label as written in its
 * file: blanks are collapsed before it is looked up, so line breaks in the
 * file do not matter.  s itself when there is none.
 */
const char	*tr(const char *s);
/* The translation of key, already collapsed by tr_key(); key itself when there is none. */
const char	*tr_collapsed(const char *key);
/* Collapse runs of blanks in s to one and trim its ends, into buf of len; the catalogue's key. */
void		 tr_key(const char *s, char *buf, size_t len);

#endif
