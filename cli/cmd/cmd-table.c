/*
 * cli/cmd/cmd-table.c - the command table: every command's entry, in the
 * order help lists them.  Only the front end refers to it; commands reach
 * it through their context, so calls go one way.
 */
#include <stddef.h>

#include "cli/cmd/cmd-table.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_connect_entry,
	&cmd_listen_entry,
	&cmd_accept_entry,
	&cmd_send_entry,
	&cmd_recv_entry,
	&cmd_sendfile_entry,
	&cmd_save_entry,
	&cmd_shutdown_entry,
	&cmd_close_entry,
	&cmd_abort_entry,
	&cmd_conns_entry,
	&cmd_stat_entry,
	&cmd_history_entry,
	&cmd_use_entry,
	&cmd_set_entry,
	&cmd_show_entry,
	&cmd_udp_entry,
	&cmd_wait_entry,
	&cmd_step_entry,
	&cmd_held_entry,
	&cmd_edit_entry,
	&cmd_drop_entry,
	&cmd_fault_entry,
	&cmd_craft_entry,
	&cmd_expect_entry,
	&cmd_flood_entry,
	&cmd_sleep_entry,
	&cmd_echo_entry,
	&cmd_pkt_entry,
	&cmd_lesson_entry,
	&cmd_say_entry,
	&cmd_pause_entry,
	&cmd_mark_entry,
	&cmd_measure_entry,
	&cmd_report_entry,
	&cmd_lab_entry,
	&cmd_capture_entry,
	&cmd_decode_entry,
	&cmd_diagram_entry,
	&cmd_help_entry,
	&cmd_quit_entry,
	NULL
};
