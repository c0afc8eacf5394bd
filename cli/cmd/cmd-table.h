/*
 * cli/cmd/cmd-table.h - every command tcpx understands, in the order
 * `help` lists them; help, completion and the man page's list come from
 * this table.
 */
#ifndef TCPX_CLI_CMD_TABLE_H
#define TCPX_CLI_CMD_TABLE_H

#include "cli/cmd/cmd.h"

extern const struct cmd_entry cmd_connect_entry, cmd_listen_entry,
    cmd_accept_entry, cmd_send_entry, cmd_recv_entry, cmd_sendfile_entry,
    cmd_save_entry, cmd_shutdown_entry, cmd_close_entry, cmd_abort_entry,
    cmd_conns_entry, cmd_stat_entry, cmd_history_entry, cmd_use_entry,
    cmd_set_entry, cmd_show_entry, cmd_udp_entry, cmd_wait_entry,
    cmd_step_entry,
    cmd_held_entry, cmd_edit_entry, cmd_drop_entry, cmd_fault_entry,
    cmd_craft_entry, cmd_expect_entry, cmd_flood_entry, cmd_sleep_entry,
    cmd_echo_entry, cmd_lesson_entry, cmd_say_entry, cmd_pause_entry,
    cmd_mark_entry, cmd_measure_entry, cmd_report_entry, cmd_lab_entry,
    cmd_capture_entry, cmd_decode_entry, cmd_diagram_entry, cmd_pkt_entry,
    cmd_help_entry, cmd_quit_entry;

/* Every command, NULL-terminated, in the order help lists them. */
extern const struct cmd_entry *const cmd_table[];

#endif
