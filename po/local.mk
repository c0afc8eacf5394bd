# po/local.mk - lessons in other languages: gettext catalogues, po/LANG.po
# (domain tcpx), compiled into po/locale/LANG/LC_MESSAGES/tcpx.mo for the
# build tree and installed under $(localedir).  `make update-po` brings a
# catalogue up to date with the lessons (po/extract.sh, msgmerge; what
# the lessons no longer say is dropped).
PO_LANGS = zh_CN
EXTRA_DIST += po/extract.sh po/zh_CN.po
noinst_DATA = po/locale/zh_CN/LC_MESSAGES/tcpx.mo
CLEANFILES += $(noinst_DATA)

po/locale/zh_CN/LC_MESSAGES/tcpx.mo: $(srcdir)/po/zh_CN.po
	$(AM_V_GEN)$(MKDIR_P) po/locale/zh_CN/LC_MESSAGES && \
	    $(MSGFMT) -c -o $@ $(srcdir)/po/zh_CN.po

install-data-local:
	for l in $(PO_LANGS); do \
	    $(MKDIR_P) "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES" && \
	    $(INSTALL_DATA) po/locale/$$l/LC_MESSAGES/tcpx.mo \
	        "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES/tcpx.mo" || exit 1; \
	done

uninstall-local:
	for l in $(PO_LANGS); do \
	    rm -f "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES/tcpx.mo"; \
	done

update-po:
	$(srcdir)/po/extract.sh $(srcdir) >po/tcpx.pot
	for l in $(PO_LANGS); do \
	    $(MSGMERGE) -q --update --backup=none --no-fuzzy-matching \
	        $(srcdir)/po/$$l.po po/tcpx.pot || exit 1; \
	    $(MSGATTRIB) --no-obsolete -o $(srcdir)/po/$$l.po \
	        $(srcdir)/po/$$l.po || exit 1; \
	done
.PHONY: update-po
