/*
 * tests/fuzz/tcpx-main.h - the prototype of tcpx's main() when it is
 * renamed tcpx_main so that a fuzzer linked with all of tcpx brings its
 * own (forced in with -include).
 */
#ifndef TCPX_TESTS_FUZZ_TCPX_MAIN_H
#define TCPX_TESTS_FUZZ_TCPX_MAIN_H

int	tcpx_main(int, char **);

#endif
