#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* The wide-character API (cchar_t, mvwaddnwstr, wget_wch, ...) must be requested before curses.h;
   SwiftPM drops the .pc file's -D flags, so the define lives here. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
/* term.h #defines names such as 'lines' and 'columns': keep it last. */
#include <ncursesw/term.h>

/* Macros Swift cannot import, as constants. */
static const attr_t CNC_A_NORMAL = A_NORMAL, CNC_A_UNDERLINE = A_UNDERLINE, CNC_A_REVERSE = A_REVERSE,
                    CNC_A_DIM = A_DIM, CNC_A_BOLD = A_BOLD, CNC_A_ITALIC = A_ITALIC;

/* C globals are shared mutable state under Swift 6: read them through functions. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cnc_fdopen(int fd, const char *mode) { return fdopen(fd, mode); }

/* Checks that a terminal can run the console, without ncurses printing or exiting (initscr does).
   Returns 1 ok, 0 TERM names a terminal the terminfo database does not know, -1 no terminfo
   database was found, -2 the terminal has no cursor addressing (TERM=dumb), -3 a hardcopy
   terminal. */
static inline int cnc_check_terminal(const char *term, int fd) {
    int err = 0;
    if (setupterm(term, fd, &err) != OK) return err == 1 ? -3 : (err == 0 ? 0 : -1);
    const char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok ? 1 : -2;
}

/* The locale's character set ("UTF-8" when wide characters will render). */
static inline const char *cnc_codeset(void) { return nl_langinfo(CODESET); }
#endif
