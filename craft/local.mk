# craft/local.mk
