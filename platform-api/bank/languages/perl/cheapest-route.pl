use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my ($n, $m) = @v[0, 1];

# Adjacency lists as arrays: the first road out of each city, and the next road after each road.
my @head = (0) x ($n + 1);
my (@next, @to, @cost);
for my $i (1 .. $m) {
    my $u = $v[3 * $i - 1];
    $to[$i] = $v[3 * $i];
    $cost[$i] = $v[3 * $i + 1];
    $next[$i] = $head[$u];
    $head[$u] = $i;
}

# A binary heap of (cost, city) in two parallel arrays, from index 1.
my (@heapCost, @heapCity);
my $size = 0;

sub push_heap {
    my ($d, $city) = @_;
    my $i = ++$size;
    while ($i > 1) {
        my $parent = $i >> 1;
        last if $heapCost[$parent] <= $d;
        ($heapCost[$i], $heapCity[$i]) = ($heapCost[$parent], $heapCity[$parent]);
        $i = $parent;
    }
    ($heapCost[$i], $heapCity[$i]) = ($d, $city);
}

sub pop_heap {
    my ($d, $city) = ($heapCost[1], $heapCity[1]);
    my ($lastCost, $lastCity) = ($heapCost[$size], $heapCity[$size]);
    $size--;
    if ($size > 0) {
        my $i = 1;
        while (1) {
            my $child = 2 * $i;
            last if $child > $size;
            $child++ if $child < $size && $heapCost[$child + 1] < $heapCost[$child];
            last if $heapCost[$child] >= $lastCost;
            ($heapCost[$i], $heapCity[$i]) = ($heapCost[$child], $heapCity[$child]);
            $i = $child;
        }
        ($heapCost[$i], $heapCity[$i]) = ($lastCost, $lastCity);
    }
    return ($d, $city);
}

my @dist = (-1) x ($n + 1);
$dist[1] = 0;
push_heap(0, 1);
while ($size > 0) {
    my ($d, $u) = pop_heap();
    last if $u == $n;
    next if $d != $dist[$u];
    for (my $road = $head[$u]; $road; $road = $next[$road]) {
        my $w = $to[$road];
        my $nd = $d + $cost[$road];
        if ($dist[$w] < 0 || $nd < $dist[$w]) {
            $dist[$w] = $nd;
            push_heap($nd, $w);
        }
    }
}
print "$dist[$n]\n";
