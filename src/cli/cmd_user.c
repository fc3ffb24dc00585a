/*
 * cmd_user.c — `newsfold user`: accounts and API tokens from the command line.
 *
 *   user add NAME [--admin]         the first add names and sets the password of user 1
 *                                   (the owner that exists from the first run): that is how
 *                                   the admin account is created
 *   user passwd NAME
 *   user list [--json]
 *   user tokens NAME [--json]       token ids, labels and dates (never the tokens)
 *   user token NAME [--label L]     print a new API token, once
 *   user revoke NAME LABEL|ID
 *
 * Passwords never come from argv (visible in ps): --password-stdin reads the first line of
 * stdin, --password-file F the first line of F, else a terminal prompt with echo off.
 */
#include "cli/cli.h"
#include "serve/auth.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define USAGE "user add NAME [--admin] | passwd NAME | list [--json] | tokens NAME | " \
	      "token NAME [--label L] | revoke NAME LABEL|ID   " \
	      "(passwords: --password-stdin, --password-file F, or a prompt)"

struct user_opts {
	int admin, json, pw_stdin;
	const char *pw_file, *label;
};

/* First line of f without its line end, at most AUTH_PASSWORD_MAX bytes; NULL if none. */
static char *read_line(FILE *f)
{
	char line[AUTH_PASSWORD_MAX + 4];
	size_t n;
	if (!fgets(line, sizeof line, f))
		return NULL;
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return xstrdup(line);
}

static char *prompt_noecho(const char *what)
{
	struct termios old, quiet;
	char *pw;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return NULL;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fprintf(stderr, "%s: ", what);
	fflush(stderr);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	pw = read_line(stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return pw;
}

static void free_secret(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

static char *get_password(const struct cli *c, const struct user_opts *o)
{
	char *pw = NULL, *again;
	if (o->pw_file) {
		FILE *f = fopen(o->pw_file, "r");
		if (!f) {
			cli_fail(c, "cannot read --password-file %s", o->pw_file);
			return NULL;
		}
		pw = read_line(f);
		fclose(f);
	} else if (o->pw_stdin || !isatty(STDIN_FILENO)) {
		if (!o->pw_stdin) {
			cli_fail(c, "no terminal to ask for the password: use --password-stdin or --password-file");
			return NULL;
		}
		pw = read_line(stdin);
	} else {
		pw = prompt_noecho("password");
		again = prompt_noecho("again");
		if (pw && (!again || strcmp(pw, again) != 0)) {
			cli_fail(c, "the passwords differ");
			free_secret(pw);
			pw = NULL;
		}
		free_secret(again);
		return pw;
	}
	if (!pw)
		cli_fail(c, "no password given");
	return pw;
}

static int find_user(const struct cli *c, struct store *st, const char *name, int64_t *id)
{
	char *err = NULL;
	int r = auth_user_find(st, name, id, &err);
	if (r < 0)
		return cli_fail_free(c, err);
	if (r == 1)
		return cli_fail(c, "no user named %s (see: newsfold user list)", name);
	return 0;
}

static int do_add(const struct cli *c, struct store *st, const struct user_opts *o, const char *name, int passwd)
{
	char *pw, *err = NULL;
	int64_t id = 0;
	int rc;
	if (passwd && find_user(c, st, name, &id))
		return 1;
	if (!(pw = get_password(c, o)))
		return 1;
	rc = passwd ? auth_user_passwd(st, id, pw, &err) : auth_user_add(st, name, pw, o->admin, &id, &err);
	free_secret(pw);
	if (rc < 0)
		return cli_fail_free(c, err);
	if (!c->quiet)
		fprintf(stderr, passwd ? "password of %s changed\n" : "user %s added (id %lld)\n", name, (long long)id);
	return 0;
}

static void print_rows(json_t *rows, const char *const *cols)
{
	size_t i;
	json_t *r;
	for (int k = 0; cols[k]; k++)
		printf("%s%s", k ? "\t" : "", cols[k]);
	putchar('\n');
	json_array_foreach(rows, i, r) {
		for (int k = 0; cols[k]; k++) {
			json_t *v = json_object_get(r, cols[k]);
			if (k)
				putchar('\t');
			if (json_is_string(v))
				fputs(json_string_value(v), stdout);
			else if (json_is_integer(v))
				printf("%lld", (long long)json_integer_value(v));
			else
				putchar('-');
		}
		putchar('\n');
	}
}

static int do_list(const struct cli *c, struct store *st, const struct user_opts *o, const char *name)
{
	static const char *const ucols[] = { "id", "name", "is_admin", "has_password", "tokens", NULL };
	static const char *const tcols[] = { "id", "label", "kind", "created", "last_used", NULL };
	json_t *rows = NULL;
	char *err = NULL;
	int64_t id = 0;
	if (name && find_user(c, st, name, &id))
		return 1;
	if ((name ? auth_tokens_json(st, id, &rows, &err) : auth_users_json(st, &rows, &err)) < 0)
		return cli_fail_free(c, err);
	if (o->json)
		cli_print_json(rows, 2);
	else
		print_rows(rows, name ? tcols : ucols);
	json_decref(rows);
	return 0;
}

static int do_token(const struct cli *c, struct store *st, const struct user_opts *o, const char *name)
{
	char *tok = NULL, *err = NULL;
	int64_t id;
	if (find_user(c, st, name, &id))
		return 1;
	if (auth_token_new(st, id, o->label, &tok, &err) < 0)
		return cli_fail_free(c, err);
	printf("%s\n", tok);
	if (!c->quiet)
		fprintf(stderr, "API token for %s (label %s): shown once, store it now\n", name,
			o->label ? o->label : "api");
	free_secret(tok);
	return 0;
}

static int do_revoke(const struct cli *c, struct store *st, const char *name, const char *what)
{
	char *err = NULL;
	int64_t id;
	if (find_user(c, st, name, &id))
		return 1;
	if (auth_token_revoke(st, id, what, &err) < 0)
		return cli_fail_free(c, err);
	if (!c->quiet)
		fprintf(stderr, "revoked %s's token %s\n", name, what);
	return 0;
}

static int parse_opts(int argc, char **argv, struct user_opts *o)
{
	static const struct option longopts[] = {
		{ "admin", no_argument, NULL, 'a' },          { "json", no_argument, NULL, 'j' },
		{ "password-stdin", no_argument, NULL, 's' }, { "password-file", required_argument, NULL, 'f' },
		{ "label", required_argument, NULL, 'l' },    { NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': o->admin = 1; break;
		case 'j': o->json = 1; break;
		case 's': o->pw_stdin = 1; break;
		case 'f': o->pw_file = optarg; break;
		case 'l': o->label = optarg; break;
		default: return -1;
		}
	}
	return 0;
}

static int dispatch(const struct cli *c, struct store *st, const struct user_opts *o, int n, char **pos)
{
	const char *sub = pos[0];
	if (strcmp(sub, "add") == 0 && n == 2)
		return do_add(c, st, o, pos[1], 0);
	if (strcmp(sub, "passwd") == 0 && n == 2)
		return do_add(c, st, o, pos[1], 1);
	if (strcmp(sub, "list") == 0 && n == 1)
		return do_list(c, st, o, NULL);
	if (strcmp(sub, "tokens") == 0 && n == 2)
		return do_list(c, st, o, pos[1]);
	if (strcmp(sub, "token") == 0 && n == 2)
		return do_token(c, st, o, pos[1]);
	if (strcmp(sub, "revoke") == 0 && n == 3)
		return do_revoke(c, st, pos[1], pos[2]);
	return cli_usage(c, USAGE);
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	struct user_opts o = { 0 };
	struct store *st = NULL;
	int rc;
	if (parse_opts(argc, argv, &o) < 0 || optind >= argc)
		return cli_usage(c, USAGE);
	if (auth_global_init() < 0)
		return cli_fail(c, "libsodium failed to initialise");
	if (cli_open_store(c, &st))
		return 1;
	rc = dispatch(c, st, &o, argc - optind, argv + optind);
	store_close(st);
	return rc;
}
