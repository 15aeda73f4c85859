use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my $q = $v[0];
# For each pair l r, print how many primes lie in [l, r].
