/* stub */
#include "events.h"
char *fk_event_html_head(const fk_evwriter *w) { (void)w; return fk_xstrdup("<html>"); }
char *fk_event_html(fk_evwriter *w, fk_event *e) { (void)w; (void)e; return fk_xstrdup(""); }
char *fk_event_html_tail(const fk_evwriter *w) { (void)w; return fk_xstrdup("</html>"); }
